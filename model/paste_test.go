package model

import (
	"slices"
	"testing"
)

func TestPasteBlock(t *testing.T) {
	r := NewReport(TemplateForYear(2022))
	// A 3×4 block copied from Excel, pasted at 表三 （三）6. 自然人: the
	// third row falls on 8.属于行政查询事项, the fourth field of each row on
	// 法律服务机构.
	res, err := r.Paste("t3.denied_process_info.natural", "1\t2\t3\t4\r\n５\t6\t\t8\r\n9\tx\t11\t12\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[CellID]string{
		"t3.denied_process_info.natural": "1", "t3.denied_process_info.commercial": "2",
		"t3.denied_process_info.research": "3", "t3.denied_process_info.nonprofit": "4",
		"t3.denied_enforcement_file.natural": "5", "t3.denied_enforcement_file.commercial": "6",
		"t3.denied_enforcement_file.research": "", "t3.denied_enforcement_file.nonprofit": "8",
		"t3.denied_admin_query.natural": "9", "t3.denied_admin_query.commercial": "x",
		"t3.denied_admin_query.research": "11", "t3.denied_admin_query.nonprofit": "12",
	}
	for id, text := range want {
		if got := r.Text(id); got != text {
			t.Errorf("%s = %q, want %q", id, got, text)
		}
	}
	if len(res.Filled) != 12 || len(res.Rejected) != 1 || res.Rejected[0].Cell != "t3.denied_admin_query.commercial" {
		t.Errorf("result %+v", res)
	}
	if got := res.Summary(); got != "已填入 11 格，1 格无法识别（已保留原文，请改正）" {
		t.Errorf("summary %q", got)
	}
}

func TestPasteSkipsTotalsAndEdges(t *testing.T) {
	r := NewReport(TemplateForYear(2022))
	// A whole printed row (6 columns + 总计) pasted at 其他 column: the
	// total lands on the 总计 column, the rest past the edge.
	res, _ := r.Paste("t3.new_received.other", "2\t835\t9")
	if r.Text("t3.new_received.other") != "2" || res.Totals != 1 || res.Outside != 1 {
		t.Errorf("%+v", res)
	}
	// Rows that fall on （七）总计 are skipped, the block continues below.
	res, _ = r.Paste("t3.other_other.natural", "14\n999\n8")
	if r.Text("t3.other_other.natural") != "14" || r.Text("t3.carry_forward.natural") != "8" || res.Totals != 1 {
		t.Errorf("%+v", res)
	}
	// 表四's single row.
	res, _ = r.Paste("t4.review_maintain", "76\t34\t34\t43\t187\t17")
	if !slices.Equal(res.Filled, []CellID{"t4.review_maintain", "t4.review_correct", "t4.review_other", "t4.review_pending", "t4.lit_direct_maintain"}) {
		t.Errorf("%+v", res)
	}
	if _, err := r.Paste("t9.x", "1"); err == nil {
		t.Error("paste to an unknown cell")
	}
}
