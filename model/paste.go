package model

import (
	"fmt"
	"strings"
)

// PasteResult says what a pasted block did, for the clerk's summary.
type PasteResult struct {
	Filled   []CellID      // cells set (including cleared by an empty field)
	Rejected []PasteReject // kept as typed but not a valid number
	Totals   int           // fields that fell on computed totals and were skipped
	Outside  int           // fields beyond the edge of the table
}

// PasteReject is a pasted field that did not parse.
type PasteReject struct {
	Cell CellID
	Text string
	Msg  string
}

// Summary is the result in one Chinese sentence.
func (p PasteResult) Summary() string {
	s := fmt.Sprintf("已填入 %d 格", len(p.Filled)-len(p.Rejected))
	if n := len(p.Rejected); n > 0 {
		s += fmt.Sprintf("，%d 格无法识别（已保留原文，请改正）", n)
	}
	if p.Totals > 0 {
		s += fmt.Sprintf("，跳过合计格 %d 格（自动计算）", p.Totals)
	}
	if p.Outside > 0 {
		s += fmt.Sprintf("，超出表格的 %d 格未填入", p.Outside)
	}
	return s
}

// SplitBlock splits text copied from Excel or WPS (tab-separated fields,
// CR LF or LF between rows, a final line break) into rows of fields.
func SplitBlock(text string) [][]string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// Paste spreads a copied block over the table from cell from, the way a
// spreadsheet does: the block keeps its shape over the printed grid
// (computed totals included, and skipped), stays inside from's block of the
// table, and every field goes through the same parser as typing.
func (r *Report) Paste(from CellID, text string) (PasteResult, error) {
	var res PasteResult
	start, err := r.cell(from)
	if err != nil {
		return res, err
	}
	b := start.Block
	r0, c0 := indexOf(b.Rows, start.Row), indexOfCol(b.Columns, start.Col)
	for i, fields := range SplitBlock(text) {
		for j, text := range fields {
			ri, ci := r0+i, c0+j
			if ri >= len(b.Rows) || ci >= len(b.Columns) {
				res.Outside++
				continue
			}
			c := r.tpl.byID[cellID(b.Table.ID, b.Rows[ri].Key, b.Columns[ci].Key)]
			if c.Derived {
				res.Totals++
				continue
			}
			res.Filled = append(res.Filled, c.ID)
			if err := r.setText(c, text); err != nil {
				res.Rejected = append(res.Rejected, PasteReject{Cell: c.ID, Text: text, Msg: err.Error()})
			}
		}
	}
	return res, nil
}

func indexOf(rows []*Row, r *Row) int {
	for i, x := range rows {
		if x == r {
			return i
		}
	}
	return 0
}

func indexOfCol(cols []*Column, c *Column) int {
	for i, x := range cols {
		if x == c {
			return i
		}
	}
	return 0
}
