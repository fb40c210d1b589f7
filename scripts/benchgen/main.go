// Command benchgen writes the workbooks of the roll-up benchmark
// (scripts/bench-merge), see package gen: n units' 2021 reports for one
// year, named unitNNNN.xlsx, seven in ten this program's exports and the
// rest hand-made with printed titles in the real forms and no 单位名称/报告年度
// labels. With -expect it also writes the roll-up they must give (the
// JSON of `nianbao merge --json`), for the script to compare.
//
//	go run ./scripts/benchgen -n 1000 -o DIR -expect FILE
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"nianbao/scripts/benchgen/gen"
)

func main() {
	n := flag.Int("n", 1000, "number of units")
	dir := flag.String("o", "bench-units", "output folder")
	expect := flag.String("expect", "", "file for the expected roll-up (JSON); none if empty")
	flag.Parse()
	want, err := gen.Write(*dir, *n)
	if err != nil {
		fail(err)
	}
	if *expect != "" {
		data, err := json.MarshalIndent(want, "", "  ")
		if err == nil {
			err = os.WriteFile(*expect, data, 0o644)
		}
		if err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchgen:", err)
	os.Exit(1)
}
