package model

import (
	"slices"
	"strings"
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
	// 12 fields: one empty on an empty cell, one not a number.
	if got := res.Summary(); got != "已填入 10 格，1 格无法识别（已保留原文，请改正）" {
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

// Blocks copied with their printed row labels and column heads: the
// labels and heads are recognised, the figures go where they are named.
func TestPasteWithLabelsAndHeads(t *testing.T) {
	const row1 = "819\t13\t0\t0\t1\t2\t835"
	cases := []struct {
		name, from, text string
		before, want     map[CellID]string
		summary          string
	}{
		{
			// issue 13: the label went into 自然人 and 819 into 商业企业.
			name: "label then a whole row, as from Word", from: "t3.new_received.natural",
			text:    "一、本年新收政府信息公开申请数量\t" + row1,
			want:    map[CellID]string{"t3.new_received.natural": "819", "t3.new_received.commercial": "13", "t3.new_received.other": "2"},
			summary: "已填入 6 格，跳过合计格 1 格（自动计算）；1 行按行名对应",
		},
		{
			name: "label with its merged cells, as from Excel", from: "t3.new_received.natural",
			text: "一、本年新收政府信息公开申请数量\t\t\t" + row1 + "\r\n二、上年结转政府信息公开申请数量\t\t\t23\t0\t0\t0\t0\t0\t23\r\n",
			want: map[CellID]string{"t3.new_received.natural": "819", "t3.carried_over.natural": "23", "t3.carried_over.other": "0"},
		},
		{
			// Pasted at another row: the labels decide.
			name: "rows placed by label, not by the selected cell", from: "t3.granted.natural",
			text: "二、上年结转政府信息公开申请数量\t23\t1\t0\t0\t0\t0\t24",
			want: map[CellID]string{"t3.carried_over.natural": "23", "t3.carried_over.commercial": "1", "t3.granted.natural": ""},
		},
		{
			name: "groups and labels of the printed table", from: "t3.granted.natural",
			text: "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n" +
				"\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n" +
				"\t\t3.危及“三安全一稳定”\t1\t0\t0\t0\t0\t0\t1\n",
			want: map[CellID]string{"t3.denied_state_secret.natural": "1", "t3.denied_law_forbidden.natural": "0", "t3.denied_three_safety.natural": "1"},
		},
		{
			name: "heads of the table, then labelled rows", from: "t3.new_received.natural",
			text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t\n" +
				"\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n" +
				"\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n" +
				"一、本年新收政府信息公开申请数量\t\t\t" + row1 + "\n",
			want:    map[CellID]string{"t3.new_received.natural": "819", "t3.new_received.legal": "1"},
			summary: "已填入 6 格，跳过合计格 1 格（自动计算）；1 行按行名对应，跳过表头 3 行",
		},
		{
			// Heads alone: the columns come from the heads, wherever pasted.
			name: "heads without labels", from: "t3.granted.research",
			text: "自然人\t商业企业\n357\t10\n",
			want: map[CellID]string{"t3.granted.natural": "357", "t3.granted.commercial": "10", "t3.granted.research": ""},
		},
		// Blocks from review that once placed figures wrongly.
		{
			// A figure with its unit after the label: a figure, not a
			// second label that shifts the row.
			name: "unit after the label", from: "t3.new_received.natural",
			text: "一、本年新收政府信息公开申请数量\t819件\t13\t0\t0\t1\t2\t835",
			want: map[CellID]string{"t3.new_received.natural": "819", "t3.new_received.commercial": "13", "t3.new_received.other": "2"},
		},
		{
			// A typo right after the label is that cell's figure, kept
			// as typed and flagged.
			name: "typo after the label", from: "t3.new_received.natural",
			text: "一、本年新收政府信息公开申请数量\t81９x\t13",
			want: map[CellID]string{"t3.new_received.natural": "81９x", "t3.new_received.commercial": "13"},
		},
		{
			// A row that is its numbered label and blank figures is data
			// (it clears that row), not a head naming 其他.
			name: "numbered label with blank figures", from: "t3.other_no_fee.natural",
			text:   "\t\t3.其他\t\t\t\t\t\t\t\n四、结转下年度继续办理\t\t\t2\t0\t0\t0\t1\t0\t3\n",
			before: map[CellID]string{"t3.carry_forward.other": "4", "t3.other_other.natural": "9"},
			want:   map[CellID]string{"t3.carry_forward.natural": "2", "t3.carry_forward.legal": "1", "t3.carry_forward.other": "0", "t3.other_other.natural": ""},
		},
		{
			// Rows under a caption go to its block.
			name: "caption, then a row", from: "t2.rules.issued",
			text: "第二十条第（五）项\t\t\t\n1200\t\t\t",
			want: map[CellID]string{"t2.license.decisions": "1200", "t2.rules.issued": ""},
		},
		{
			// 表二's labels are one column: nothing can spill.
			name: "表二 rows from Word", from: "t2.penalty.decisions",
			text: "行政处罚\t300\n行政强制\t7",
			want: map[CellID]string{"t2.penalty.decisions": "300", "t2.coercion.decisions": "7"},
		},
		{
			name: "表二 row shorter than the block", from: "t2.rules.issued",
			text: "规章\t3\t1",
			want: map[CellID]string{"t2.rules.issued": "3", "t2.rules.repealed": "1", "t2.rules.valid": ""},
		},
		{
			// A blank row among labelled rows says nothing.
			name: "blank row among labelled rows", from: "t3.new_received.natural",
			text: "一、本年新收政府信息公开申请数量\t5\n\t\n二、上年结转政府信息公开申请数量\t6",
			want: map[CellID]string{"t3.new_received.natural": "5", "t3.carried_over.natural": "6"},
		},
		{
			// Cleared cells are said as cleared, not as filled.
			name: "cleared, not filled", from: "t3.granted.natural",
			text:    "\t7",
			before:  map[CellID]string{"t3.granted.natural": "357"},
			want:    map[CellID]string{"t3.granted.natural": "", "t3.granted.commercial": "7"},
			summary: "已填入 1 格，清空 1 格（粘贴的内容中为空）",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReport(TemplateForYear(2022))
			for id, v := range tc.before {
				_ = r.Set(id, v)
			}
			res, err := r.Paste(tc.from, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tc.want {
				if got := r.Text(id); got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			for _, c := range r.Template().Cells() {
				if _, bad := r.Invalid(c.ID); bad && tc.want[c.ID] == "" {
					t.Errorf("%s holds text that is not a number: %q", c.ID, r.Text(c.ID))
				}
			}
			if tc.summary != "" && res.Summary() != tc.summary {
				t.Errorf("summary %q, want %q", res.Summary(), tc.summary)
			}
		})
	}
}

// What cannot be placed for certain is not placed.
func TestPasteRefusesWhatItCannotPlace(t *testing.T) {
	r := NewReport(TemplateForYear(2022))
	// A label that names no row: that row is left out, and said.
	res, err := r.Paste("t3.new_received.natural", "一、本年新收政府信息公开申请数量\t5\n五、不存在的行\t7\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.Text("t3.new_received.natural") != "5" || r.Text("t3.carried_over.natural") != "" ||
		len(res.Unplaced) != 1 || !strings.Contains(res.Summary(), "1 行的行名在表中找不到，未填入（如“五、不存在的行”）") {
		t.Errorf("%+v %q", res, res.Summary())
	}
	// Empty fields after a top-level label that are neither merged cells
	// (the row is too short for that) nor a whole row of blanks.
	r = NewReport(TemplateForYear(2022))
	if _, err := r.Paste("t3.new_received.natural", "一、本年新收政府信息公开申请数量\t\t\t5"); err == nil {
		t.Errorf("ambiguous block pasted: %q", r.Text("t3.new_received.natural")+"/"+r.Text("t3.new_received.research"))
	}
}

// Whole printed tables copied with their heads (and, for 表二, captions
// and row labels) land cell for cell on the table.
func TestPasteWholeTables(t *testing.T) {
	t4 := "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n" +
		"结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n" +
		"\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" +
		"76\t34\t34\t43\t187\t17\t3\t8\t4\t32\t10\t2\t1\t5\t18\n"
	t2excel := "第二十条第（一）项\t\t\t\n" +
		"信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n" +
		"规章\t3\t1\t20\n" +
		"行政规范性文件\t5\t2\t40\n" +
		"第二十条第（五）项\t\t\t\n" +
		"信息内容\t本年处理决定数量\t\t\n" +
		"行政许可\t1200\t\t\n" +
		"第二十条第（六）项\t\t\t\n" +
		"信息内容\t本年处理决定数量\t\t\n" +
		"行政处罚\t300\t\t\n" +
		"行政强制\t7\t\t\n" +
		"第二十条第（八）项\t\t\t\n" +
		"信息内容\t本年收费金额（单位：万元）\t\t\n" +
		"行政事业性收费\t12.5\t\t\n"
	// The same table copied from Word or a web page: merged cells come as
	// one field, so every row is only as long as it is printed.
	t2word := "第二十条第（一）项\n" +
		"信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n" +
		"规章\t3\t1\t20\n" +
		"行政规范性文件\t5\t2\t40\n" +
		"第二十条第（五）项\n" +
		"信息内容\t本年处理决定数量\n" +
		"行政许可\t1200\n" +
		"第二十条第（六）项\n" +
		"信息内容\t本年处理决定数量\n" +
		"行政处罚\t300\n" +
		"行政强制\t7\n" +
		"第二十条第（八）项\n" +
		"信息内容\t本年收费金额（单位：万元）\n" +
		"行政事业性收费\t12.5\n"
	t2want := map[CellID]string{
		"t2.rules.issued": "3", "t2.rules.repealed": "1", "t2.rules.valid": "20",
		"t2.normative.issued": "5", "t2.normative.repealed": "2", "t2.normative.valid": "40",
		"t2.license.decisions": "1200", "t2.penalty.decisions": "300",
		"t2.coercion.decisions": "7", "t2.fee.amount": "12.5",
	}
	cases := []struct {
		name, from, text string
		want             map[CellID]string
		filled, totals   int
	}{
		{
			name: "表四 with its three rows of heads", from: "t4.review_maintain", text: t4,
			want: map[CellID]string{
				"t4.review_maintain": "76", "t4.review_correct": "34", "t4.review_other": "34", "t4.review_pending": "43",
				"t4.lit_direct_maintain": "17", "t4.lit_direct_correct": "3", "t4.lit_direct_other": "8", "t4.lit_direct_pending": "4",
				"t4.lit_after_review_maintain": "10", "t4.lit_after_review_correct": "2", "t4.lit_after_review_other": "1", "t4.lit_after_review_pending": "5",
			},
			filled: 12, totals: 3,
		},
		{
			// Pasted anywhere in the table: the heads decide, not the cell.
			name: "表四 pasted at its last cell", from: "t4.lit_after_review_pending", text: t4,
			want:   map[CellID]string{"t4.review_maintain": "76", "t4.lit_after_review_maintain": "10"},
			filled: 12, totals: 3,
		},
		{name: "表二 from Excel", from: "t2.rules.issued", text: t2excel, want: t2want, filled: 10},
		{name: "表二 from Word", from: "t2.fee.amount", text: t2word, want: t2want, filled: 10},
		{
			// issue 13 again, the selection on another row and column.
			name: "labelled row pasted at 商业企业 of another row", from: "t3.granted.commercial",
			text:   "一、本年新收政府信息公开申请数量\t819\t13\t0\t0\t1\t2\t835",
			want:   map[CellID]string{"t3.new_received.natural": "819", "t3.new_received.commercial": "13", "t3.granted.commercial": ""},
			filled: 6, totals: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReport(TemplateForYear(2022))
			res, err := r.Paste(tc.from, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tc.want {
				if got := r.Text(id); got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			if len(res.Filled) != tc.filled || res.Totals != tc.totals || res.Outside != 0 || len(res.Rejected) != 0 {
				t.Errorf("%+v", res)
			}
			// Nothing else was touched.
			for _, c := range r.Template().Cells() {
				if _, ok := tc.want[c.ID]; !ok && r.Text(c.ID) != "" && !slices.Contains(res.Filled, c.ID) {
					t.Errorf("%s = %q, not pasted", c.ID, r.Text(c.ID))
				}
			}
		})
	}
}

// Blocks whose figures cannot be placed for certain change nothing.
func TestPasteRefusesAndChangesNothing(t *testing.T) {
	cases := []struct{ name, from, text, msg string }{
		{
			// From a web page: 申请人情况 over 7 columns comes as one field,
			// 法人或其他组织 over 5 as one; the heads do not line up.
			name: "表三 heads from a web page", from: "t3.new_received.natural",
			text: "申请人情况\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n" +
				"819\t13\t0\t0\t1\t2\t835\n",
			msg: "表头与下面的数字列数对不上",
		},
		{
			// 结果维持 without the heads above it is five columns of 表四.
			name: "a head that names several columns", from: "t4.review_maintain",
			text: "结果维持\t结果纠正\n1\t2\n", msg: "不止一栏",
		},
		{
			name: "two fields for one cell", from: "t3.new_received.natural",
			text: "一、本年新收政府信息公开申请数量\t5\n一、本年新收政府信息公开申请数量\t6\n", msg: "两处都要填入",
		},
		{
			// A row without a label after labelled rows: by position it
			// would land in the pasted-at block, which may be any row.
			name: "unlabelled row after a labelled one", from: "t2.rules.issued",
			text: "行政处罚\t300\n7", msg: "有的行带行名、有的行没有",
		},
		{
			name: "unlabelled row after a labelled one, 表三", from: "t3.granted.commercial",
			text: "一、本年新收政府信息公开申请数量\t819\t13\t0\t0\t1\t2\t835\n23\t0\t0\t0\t0\t0\t23", msg: "有的行带行名、有的行没有",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReport(TemplateForYear(2022))
			r.Set("t3.new_received.natural", "1")
			r.Set("t4.review_maintain", "2")
			_, err := r.Paste(tc.from, tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err %v, want %q", err, tc.msg)
			}
			for _, c := range r.Template().Cells() {
				want := map[CellID]string{"t3.new_received.natural": "1", "t4.review_maintain": "2"}[c.ID]
				if got := r.Text(c.ID); got != want && !c.Derived {
					t.Errorf("%s = %q after a refused paste", c.ID, got)
				}
			}
		})
	}
}

// Any clipboard text at any cell: no panic; a refused paste changes
// nothing; what is filled is input cells of the table pasted into.
func FuzzPaste(f *testing.F) {
	f.Add(0, "1\t2\n3\t4\n")
	f.Add(40, "一、本年新收政府信息公开申请数量\t\t\t819\t13\t0\t0\t1\t2\t835")
	f.Add(100, "行政复议\t\t行政诉讼\n结果维持\t结果纠正\t未经复议直接起诉\n1\t2\t3")
	f.Add(3, "第二十条第（一）项\n信息内容\t本年制发件数\n规章\t3\n")
	f.Add(60, "自然人\t商业企业\n\t\n357\t10\n申请人情况")
	tpl := TemplateForYear(2022)
	cells := tpl.Cells()
	f.Fuzz(func(t *testing.T, at int, text string) {
		if len(text) > 4096 {
			return
		}
		from := cells[uint(at)%uint(len(cells))]
		r := NewReport(tpl)
		r.Set("t3.new_received.natural", "7")
		res, err := r.Paste(from.ID, text)
		if err != nil {
			for _, c := range cells {
				if want := map[CellID]string{"t3.new_received.natural": "7"}[c.ID]; !c.Derived && r.Text(c.ID) != want {
					t.Fatalf("refused paste changed %s to %q", c.ID, r.Text(c.ID))
				}
			}
			return
		}
		for _, id := range res.Filled {
			c, ok := tpl.Cell(id)
			if !ok || c.Derived || c.Table != from.Table {
				t.Fatalf("filled %s from %s", id, from.ID)
			}
		}
		_ = res.Summary()
	})
}
