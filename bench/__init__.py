"""The benchmark: a scale data set (`demo.scale`), page timings (`bench.run`) and a
load test (`bench.locustfile`). See `bench/README.md`."""
