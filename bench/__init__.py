"""The benchmark: a scale data set (`bench.data`), page timings (`bench.run`) and a
load test (`bench.locustfile`). See `bench/README.md`."""
