package io.github.flinkwasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogRateLimitTest {

    @Test
    void shouldLetABoundedNumberThroughPerIntervalAndCountTheRest() {
        LogRateLimit limit = new LogRateLimit(3, 100);
        long t = 5_000;
        assertThat(limit.acquire(t)).isZero();
        assertThat(limit.acquire(t + 1)).isZero();
        assertThat(limit.acquire(t + 2)).isZero();
        assertThat(limit.acquire(t + 3)).isEqualTo(-1);
        assertThat(limit.acquire(t + 99)).isEqualTo(-1);
        // the next interval starts with the first message after this one ended
        assertThat(limit.acquire(t + 100)).isEqualTo(2);
        assertThat(limit.acquire(t + 101)).isZero();
        assertThat(limit.acquire(t + 102)).isZero();
        assertThat(limit.acquire(t + 103)).isEqualTo(-1);
        assertThat(limit.drainDropped()).isEqualTo(1);
        assertThat(limit.drainDropped()).isZero();
        assertThat(limit.acquire(t + 1000)).isZero();
    }

    @Test
    void shouldWorkAcrossTheWrapOfNanoTime() {
        LogRateLimit limit = new LogRateLimit(1, 100);
        long t = Long.MAX_VALUE - 10;
        assertThat(limit.acquire(t)).isZero();
        assertThat(limit.acquire(t + 50)).isEqualTo(-1);
        assertThat(limit.acquire(t + 100)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEmptyLimit() {
        assertThatThrownBy(() -> new LogRateLimit(0, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
