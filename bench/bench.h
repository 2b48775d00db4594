/* Shared by the benchmark programs in bench/. */
#ifndef HYOKA_BENCH_H
#define HYOKA_BENCH_H

/* The largest published assessments run past this many characters (1x). */
#define HY_BENCH_BASE_CHARS 600000

/* Starts the long text field that the editor benchmarks type into
 * (risk.files[0].outsourcing.subcontract_method of the generated documents). */
#define HY_BENCH_MARK "【編集ベンチマーク対象欄】"

#endif
