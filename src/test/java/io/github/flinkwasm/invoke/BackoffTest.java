package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleTheDelayUpToTheMaximumAndForgetAfterASuccess() {
        Backoff b = new Backoff(10, 100);
        long now = 1_000;
        assertThat(b.ready(now)).isTrue();
        assertThat(b.failed(now)).isEqualTo(10);
        assertThat(b.ready(now + 9)).isFalse();
        assertThat(b.ready(now + 10)).isTrue();
        now += 10;
        assertThat(b.failed(now)).isEqualTo(20);
        assertThat(b.ready(now + 19)).isFalse();
        now += 20;
        assertThat(b.failed(now)).isEqualTo(40);
        now += 40;
        assertThat(b.failed(now)).isEqualTo(80);
        now += 80;
        assertThat(b.failed(now)).isEqualTo(100);
        now += 100;
        assertThat(b.failed(now)).isEqualTo(100);
        assertThat(b.failures()).isEqualTo(6);
        b.succeeded();
        assertThat(b.ready(now)).isTrue();
        assertThat(b.failed(now)).isEqualTo(10);
    }

    @Test
    void shouldWorkAcrossTheWrapOfNanoTime() {
        Backoff b = new Backoff(10, 100);
        long now = Long.MAX_VALUE - 5;
        b.failed(now);
        assertThat(b.ready(now + 9)).isFalse();
        assertThat(b.ready(now + 10)).isTrue();
    }
}
