package main

import (
	"fmt"
	"os"

	"nianbao/model"
	"nianbao/store/reportfile"
)

func main() {
	data, _ := os.ReadFile("model/testdata/seed-quzhou-2022.json")
	want, _ := model.UnmarshalReport(data)
	res := want.Evaluate(nil)
	for _, p := range os.Args[1:] {
		got, warns, err := reportfile.Read(p, reportfile.Given{})
		if err != nil {
			fmt.Println(p, "ERR", model.ErrorMessage(err))
			continue
		}
		diff := 0
		for _, c := range want.Template().Cells() {
			w := want.Text(c.ID)
			if c.Derived {
				w = res.Display(c.ID)
			}
			if g := got.Text(c.ID); g != w && !(w == "" && g == "0") {
				diff++
				if diff < 5 {
					fmt.Printf("  %s: got %q want %q\n", c.Name(), g, w)
				}
			}
		}
		nd := 0
		for _, k := range want.Template().NarrativeKeys() {
			if got.Narrative[k] != want.Narrative[k] {
				nd++
				fmt.Printf("  narrative %s: got %d runes want %d\n", k, len([]rune(got.Narrative[k])), len([]rune(want.Narrative[k])))
			}
		}
		fmt.Println(p, "cells differing:", diff, "narrative differing:", nd, "warnings:", len(warns))
	}
}
