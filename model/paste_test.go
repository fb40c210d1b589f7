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

// Blocks copied with their printed row labels and column heads: the
// labels and heads are recognised, the figures go where they are named.
func TestPasteWithLabelsAndHeads(t *testing.T) {
	const row1 = "819\t13\t0\t0\t1\t2\t835"
	cases := []struct {
		name, from, text string
		want             map[CellID]string
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
			for _, c := range r.Template().Cells() {
				if _, bad := r.Invalid(c.ID); bad {
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
