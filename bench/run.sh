#!/usr/bin/env bash
# Runs every benchmark and writes docs/bench/: JMH per-call costs, end-to-end Flink jobs, the
# slow-function pool, cold start and footprint, then the tables and charts.
#
#   bench/run.sh                 # JDK 17 (java on PATH) and Temurin 25 when installed
#   JDKS=/usr/lib/jvm/java-17-openjdk-amd64 bench/run.sh     # one JDK
#   ROUNDS=5 SECONDS_PER_JOB=3 bench/run.sh                   # longer end-to-end runs
#   JMH_OPTS='-f 1 -wi 5 -i 5' bench/run.sh
#   CASES=add,row,cheap8 COLD=false JMH_CALLS=CallBench.add bench/run.sh   # a part
#   ROWS=10000000 CASES=cheap8,row bench/run.sh   # every job over exactly 10 million rows
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/docs/bench}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_JOB=${SECONDS_PER_JOB:-2}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 4 -i 5 -w 1s -r 1s}
CASES=${CASES:-}   # end-to-end cases to run, comma separated (default: all), e.g. spin0,spin1000,cheap8
JMH_CALLS=${JMH_CALLS:-'io.github.flinkwasm.bench.(CallBench|ProcessBench)'}   # JMH per-call benchmarks (regex)
COLD=${COLD:-true}   # false: skip the cold-start measurements
ROWS=${ROWS:-0}      # rows per end-to-end job (0: sized to SECONDS_PER_JOB)
VARIANTS=${VARIANTS:-'.*'}   # end-to-end variants to run (regex on their names), e.g. 'Java UDF|wasm compiled'
KINDS_JMH=${KINDS_JMH:-true}   # false: skip the JMH of the table and aggregate kinds
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
mkdir -p "$OUT" target/bench

# build once (release 17 bytecode runs on every JDK); the bench profile adds src/bench/java
mvn -q -B -Pbench test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
[ -f src/test/resources/extism/echo.wasm ] || { echo "src/test/resources/extism/echo.wasm is missing (udf-samples/build.sh builds it)"; exit 1; }
python3 bench/gen_big_c.py 600 target/bench/big.c
clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all -o target/bench/big.wasm target/bench/big.c

for JDK in $JDKS; do
    [ -x "$JDK/bin/java" ] || { echo "skipping $JDK (not installed)"; continue; }
    J="$JDK/bin/java"
    V=$("$J" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    TAG=jdk$V
    echo "== $TAG: $("$J" -version 2>&1 | head -1)   load: $(uptime | sed 's/.*load average: //')"
    {
        echo "{\"jdk\": \"$("$J" -version 2>&1 | sed -n 2p)\", \"cpu\": \"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\","
        echo " \"cores\": $(nproc), \"memGiB\": $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo),"
        echo " \"os\": \"$(. /etc/os-release; echo "$PRETTY_NAME")\", \"loadBefore\": \"$(uptime | sed 's/.*load average: //')\","
        echo " \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\", \"commit\": \"$(git rev-parse --short HEAD)\"}"
    } > "$OUT/machine-$TAG.json"

    # 1) per-call cost (JMH), with allocation per call; includes echo16Extism against echo16Invoker:
    #    an unmodified Extism plugin (src/test/resources/extism/echo.wasm) against our own ABI
    "$J" -Xss4m -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -prof gc -rf json -rff "$OUT/jmh-$TAG.json" \
        "$JMH_CALLS" 2>&1 | tee target/bench/jmh-$TAG.log | grep -E '^(Benchmark|CallBench|ProcessBench)' | grep -v 'gc\.' || true

    # 1b) table and aggregate kinds against the same Java functions, side by side
    if [ "$KINDS_JMH" = true ]; then
    "$J" -Xss4m -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -rf json -rff "$OUT/jmh-kinds-$TAG.json" \
        'io.github.flinkwasm.bench.KindsBench' 2>&1 | tee target/bench/jmh-kinds-$TAG.log | grep -E '^(Benchmark|KindsBench)' || true
    fi

    # 2) end-to-end Flink jobs, and the slow function sync against async
    "$J" -Xss4m -Dbench.rows="$ROWS" -Dbench.variants="$VARIANTS" -cp "$CP" io.github.flinkwasm.bench.EndToEndBench "$OUT/e2e-$TAG.json" "$ROUNDS" "$SECONDS_PER_JOB" $CASES \
        2>&1 | grep -E '^( *round|[a-z0-9]+ / |wrote)' | tee target/bench/e2e-$TAG.log

    # 3) cold start: compile per module size, with and without the compile cache; first row
    COLDF="$OUT/cold-$TAG.jsonl"
    if [ "$COLD" = true ]; then
    : > "$COLDF"
    for W in udf-samples/plugins/seed.wasm target/bench/big.wasm; do
        "$J" -cp "$CP" io.github.flinkwasm.bench.ColdStartBench compile "$W" 2>/dev/null | tail -1 >> "$COLDF"
        rm -rf target/bench/cache
        "$J" -Dflink.wasm.compile-cache=target/bench/cache -Dbench.cache-state=store -cp "$CP" \
            io.github.flinkwasm.bench.ColdStartBench compile "$W" 2>/dev/null | tail -1 >> "$COLDF"
        "$J" -Dflink.wasm.compile-cache=target/bench/cache -Dbench.cache-state=load -cp "$CP" \
            io.github.flinkwasm.bench.ColdStartBench compile "$W" 2>/dev/null | tail -1 >> "$COLDF"
    done
    for V2 in java compiled interpreted; do
        for i in 1 2 3; do
            "$J" -Xss4m -cp "$CP" io.github.flinkwasm.bench.ColdStartBench first-row $V2 2>/dev/null | tail -1 >> "$COLDF"
        done
    done
    fi
    cat "$COLDF" 2>/dev/null || true
    sed -i "s/\"loadBefore\"/\"loadAfter\": \"$(uptime | sed 's/.*load average: //')\", \"loadBefore\"/" "$OUT/machine-$TAG.json"
    python3 bench/report.py "$OUT" "$TAG"
done
