"""Made-up data: the demo story and the benchmark's scale data set.

The demo story is a mental-health charity's co-production over the last two years.

`story` holds the thread (`Story`, made by `begin`); `organisation`, `people`,
`work` and `involvement` each hold one or more parts (`create_*` functions),
called in order by the `demo_data` management command. The words and the cast
live apart (`cast`, `storylines`, `words`) so the functions stay short.

`scale` writes the benchmark's data set (`bench_data` command), at any size, with
the story's words. This app sits above every other: nothing imports it but the
benchmark.
"""
