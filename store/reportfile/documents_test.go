package reportfile

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/model"
	"nianbao/store/docx"
	"nianbao/store/docx/docxtest"
	"nianbao/store/webpage"
)

// The reports the document tests read back: the published seed (2021),
// and every cell of the 2019 and hybrid formats filled.
func documentCases(t *testing.T) map[string]*model.Report {
	data, err := os.ReadFile(filepath.Join("..", "..", "model", "testdata", "seed-quzhou-2022.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	seed.Meta.Date = "2023-01-20" // a signature under the last section
	cases := map[string]*model.Report{"seed": seed}
	for _, id := range []string{"2019", "hybrid"} {
		tpl, _ := model.LookupTemplate(id)
		r := model.NewReport(tpl)
		r.Meta.Unit, r.Meta.Year, r.Meta.Date = "某某县人民政府", 2020, "2021-01-31"
		if id == "hybrid" {
			r.Meta.Year = 2021
		}
		for i, c := range tpl.Cells() {
			if !c.Derived {
				if err := r.Set(c.ID, fmt.Sprint((i*7)%23)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i, k := range tpl.NarrativeKeys() {
			r.Narrative[k] = fmt.Sprintf("第%d部分：本年度依法做好政府信息公开工作，共办理%d件。", i+1, i*3)
		}
		cases[id] = r
	}
	return cases
}

// want is what reading r back from a document must give: every cell as
// typed, each total as the file shows it (stated, as from any file), the
// narrative; the unit and year from the title. A part whose title is not
// printed (六's 信息处理费: only 五's numbered parts are headings) is
// printed, and so read, as its section's text.
func want(t *testing.T, r *model.Report) *model.Report {
	w := r.Clone()
	for _, n := range r.Template().Narrative {
		for _, p := range n.Parts {
			if !model.PrintedHeading(p) && strings.TrimSpace(w.Narrative[p.Key]) != "" {
				w.Narrative[n.Key] = strings.TrimSpace(w.Narrative[n.Key] + "\n" + w.Narrative[p.Key])
				delete(w.Narrative, p.Key)
			}
		}
	}
	res := r.Evaluate(nil)
	for _, c := range r.Template().Cells() {
		if c.Derived && !r.Stated(c.ID) {
			if err := w.SetStated(c.ID, res.Display(c.ID)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return w
}

func sameReport(t *testing.T, name string, want, got *model.Report) {
	t.Helper()
	if got.Template() != want.Template() {
		t.Fatalf("%s: format %s, want %s", name, got.Template().ID, want.Template().ID)
	}
	if got.Meta.Unit != want.Meta.Unit || got.Meta.Year != want.Meta.Year {
		t.Errorf("%s: unit/year %q %d, want %q %d", name, got.Meta.Unit, got.Meta.Year, want.Meta.Unit, want.Meta.Year)
	}
	for _, c := range want.Template().Cells() {
		if g, w := got.Text(c.ID), want.Text(c.ID); g != w || got.Stated(c.ID) != want.Stated(c.ID) {
			t.Errorf("%s: %s = %q (stated %v), want %q (stated %v)", name, c.Name(), g, got.Stated(c.ID), w, want.Stated(c.ID))
		}
	}
	for _, k := range want.Template().NarrativeKeys() {
		if g, w := norm(got.Narrative[k]), norm(want.Narrative[k]); g != w {
			t.Errorf("%s: narrative %s =\n%q\nwant\n%q", name, k, g, w)
		}
	}
}

// norm: paragraphs compared without the blank lines between them.
func norm(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The published page read back: every cell, total and paragraph as it was.
func TestPublishedPageRoundTrip(t *testing.T) {
	for name, r := range documentCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := webpage.Write(&buf, r); err != nil {
				t.Fatal(err)
			}
			got, warnings, err := Read(writeFile(t, "年报.html", buf.Bytes()), Given{})
			if err != nil {
				t.Fatal(err)
			}
			sameReport(t, name, want(t, r), got)
			if got.Meta.Date != r.Meta.Date {
				t.Errorf("成文日期 %q, want %q from the signature", got.Meta.Date, r.Meta.Date)
			}
			t.Logf("warnings: %q", warnings)
		})
	}
}

// The same page as a Chinese site serves it: in GBK, declared in a meta
// tag (two ways) or not at all; .htm.
func TestPageInGBK(t *testing.T) {
	r := documentCases(t)["seed"]
	var buf bytes.Buffer
	if err := webpage.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for name, decl := range map[string]string{
		"meta charset":     `<meta charset="gbk">`,
		"http-equiv":       `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`,
		"none, sniffed":    ``,
		"GB18030, in caps": `<META CHARSET=GB18030>`,
	} {
		t.Run(name, func(t *testing.T) {
			p := strings.Replace(page, `<meta charset="utf-8">`, decl, 1)
			if p == page && decl != "" {
				t.Fatal("the page declares no charset to replace")
			}
			gbk, err := simplifiedchinese.GBK.NewEncoder().String(p)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := Read(writeFile(t, "年报.htm", []byte(gbk)), Given{})
			if err != nil {
				t.Fatal(err)
			}
			sameReport(t, name, want(t, r), got)
		})
	}
}

// A page unlike ours: a CMS's layout table around Word-pasted markup —
// <p class=MsoNormal><span> in cells, mso- styles, labels broken by <br>,
// &nbsp; in the blank cells, a hidden element, the text in <div>s.
func TestWordPastedPage(t *testing.T) {
	for name, r := range documentCases(t) {
		t.Run(name, func(t *testing.T) {
			page := wordPastedPage(r)
			got, _, err := Read(writeFile(t, "2022年政府信息公开年报.html", []byte(page)), Given{})
			if err != nil {
				t.Fatal(err)
			}
			sameReport(t, name, want(t, r), got)
		})
	}
}

// wordPastedPage renders r the way Word's "save as web page", pasted into a
// site's editor, does: a different renderer from ours, drawing the same
// layout.
func wordPastedPage(r *model.Report) string {
	var sb strings.Builder
	sb.WriteString(`<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><title>政府信息公开</title>
<style>p.MsoNormal{mso-style-parent:"";margin:0cm;}</style></head><body lang=ZH-CN>
<table width="100%" class="layout"><tr><td class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</td></tr><tr><td>
<div class=WordSection1>`)
	p := func(text string) {
		sb.WriteString(`<p class=MsoNormal style='text-indent:2em;mso-char-indent-count:2.0'><span style='font-family:仿宋_GB2312;mso-ascii-font-family:"Times New Roman"'>` +
			html.EscapeString(text) + `<o:p></o:p></span></p>` + "\n")
	}
	p(r.Meta.Unit + fmt.Sprint(r.Meta.Year) + "年政府信息公开工作年度报告")
	sb.WriteString(`<div style="display:none">二、主动公开政府信息情况 999</div>`)
	tpl := r.Template()
	res := r.Evaluate(nil)
	for _, n := range tpl.Narrative {
		p(n.Title)
		for _, sub := range append([]*model.Narrative{n}, n.Parts...) {
			if sub != n && model.PrintedHeading(sub) {
				p(sub.Title)
			}
			for _, l := range strings.Split(r.Narrative[sub.Key], "\n") {
				if strings.TrimSpace(l) != "" {
					p(l)
				}
			}
		}
	}
	for _, tb := range tpl.Tables {
		p(tb.Title)
		lay := tb.Layout()
		sb.WriteString(`<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>`)
		row := -1
		for i := range lay.Slots {
			s := &lay.Slots[i]
			if s.Row != row {
				if row >= 0 {
					sb.WriteString(`</tr>`)
				}
				row = s.Row
				sb.WriteString("\n" + `<tr style='mso-yfti-irow:` + fmt.Sprint(row) + `;height:15.0pt'>`)
			}
			text := s.Text
			if s.IsValue() {
				text = res.Display(s.Cell.ID)
				if !s.Cell.Derived {
					text = r.Text(s.Cell.ID)
				}
			}
			cell := html.EscapeString(text)
			if cell == "" {
				cell = "&nbsp;"
			} else if n := len([]rune(text)); !s.IsValue() && n > 6 {
				// a long label wrapped by hand: <br> mid-word
				rs := []rune(text)
				cell = html.EscapeString(string(rs[:n/2])) + "<br>\n" + html.EscapeString(string(rs[n/2:]))
			}
			fmt.Fprintf(&sb, `<td width=60 colspan=%d rowspan=%d valign=top style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'><p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.0pt'>%s<o:p></o:p></span></p></td>`,
				s.ColSpan, s.RowSpan, cell)
		}
		sb.WriteString("</tr></table>\n")
	}
	sb.WriteString(`</div></td></tr><tr><td class="footer">主办：某某县人民政府办公室</td></tr></table></body></html>`)
	return sb.String()
}

// A Word document unlike ours: tables with gridSpan and vMerge
// continuation cells, labels split over runs and lines, a text box holding
// a decoy table, a tracked deletion, the tables in a content control; and
// the same with the section headings numbered by Word (一、 not in the
// text).
func TestWordDocument(t *testing.T) {
	for name, r := range documentCases(t) {
		for _, auto := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, auto-numbered %v", name, auto), func(t *testing.T) {
				got, _, err := Read(writeFile(t, "年报.docx", docxtest.Build(wordBody(r, auto))), Given{})
				if err != nil {
					t.Fatal(err)
				}
				sameReport(t, name, want(t, r), got)
			})
		}
	}
}

func wordBody(r *model.Report, autoNumbered bool) string {
	var sb strings.Builder
	run := func(text string) string {
		// Word splits text into runs where formatting or spell-check
		// state changes: mid-word, here every 3 characters.
		var out strings.Builder
		rs := []rune(text)
		for i := 0; i < len(rs); i += 3 {
			j := min(i+3, len(rs))
			out.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + html.EscapeString(string(rs[i:j])) + `</w:t></w:r>`)
		}
		return out.String()
	}
	p := func(text string) {
		sb.WriteString(`<w:p><w:pPr><w:ind w:firstLine="640"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>` + run(text) + `</w:p>`)
	}
	p(r.Meta.Unit + fmt.Sprint(r.Meta.Year) + "年政府信息公开工作年度报告")
	// A text box with a table that is not the report's (a stamp, a logo).
	sb.WriteString(`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
		docxtest.Table([][]string{{"一、本年新收政府信息公开申请数量", "999"}}) + `<w:p><w:r><w:t>印章</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>印章</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`)
	tpl := r.Template()
	res := r.Evaluate(nil)
	for _, n := range tpl.Narrative {
		title := n.Title
		if _, rest, ok := strings.Cut(title, "、"); ok && autoNumbered {
			// numbered by a list style (numPr), not in the text
			sb.WriteString(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>` + run(rest) + `</w:p>`)
		} else {
			p(title)
		}
		for _, sub := range append([]*model.Narrative{n}, n.Parts...) {
			if sub != n && model.PrintedHeading(sub) {
				p(sub.Title)
			}
			for _, l := range strings.Split(r.Narrative[sub.Key], "\n") {
				if strings.TrimSpace(l) != "" {
					p(l)
				}
			}
		}
	}
	sb.WriteString(`<w:sdt><w:sdtPr><w:alias w:val="表格"/></w:sdtPr><w:sdtContent>`)
	for _, tb := range tpl.Tables {
		p(tb.Title)
		lay := tb.Layout()
		sb.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
		for range lay.Cols {
			sb.WriteString(`<w:gridCol w:w="900"/>`)
		}
		sb.WriteString(`</w:tblGrid>`)
		for row := 0; row < lay.Rows; row++ {
			sb.WriteString(`<w:tr>`)
			for col := 0; col < lay.Cols; {
				i := lay.At(row, col)
				if i < 0 {
					col++
					continue
				}
				s := &lay.Slots[i]
				tcPr := fmt.Sprintf(`<w:tcW w:w="%d" w:type="dxa"/>`, 900*s.ColSpan)
				if s.ColSpan > 1 {
					tcPr += fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, s.ColSpan)
				}
				var body string
				switch {
				case s.Row != row: // under a vertical merge: a continuation cell
					tcPr += `<w:vMerge/>`
					body = `<w:p/>`
				default:
					if s.RowSpan > 1 {
						tcPr += `<w:vMerge w:val="restart"/>`
					}
					text := s.Text
					if s.IsValue() {
						text = res.Display(s.Cell.ID)
						if !s.Cell.Derived {
							text = r.Text(s.Cell.ID)
						}
					}
					rs := []rune(text)
					if len(rs) > 6 && !s.IsValue() {
						// a label over two lines: a line break inside the run
						body = `<w:p>` + run(string(rs[:len(rs)/2])) + `<w:r><w:br/></w:r>` + run(string(rs[len(rs)/2:])) + `</w:p>`
					} else if s.IsValue() && text != "" {
						// a figure retyped with change tracking: the old one deleted
						body = `<w:p><w:del w:id="1" w:author="张三"><w:r><w:delText>88888</w:delText></w:r></w:del><w:ins w:id="2" w:author="张三">` + run(text) + `</w:ins></w:p>`
					} else {
						body = `<w:p>` + run(text) + `</w:p>`
					}
				}
				sb.WriteString(`<w:tc><w:tcPr>` + tcPr + `</w:tcPr>` + body + `</w:tc>`)
				col = s.Col + s.ColSpan
			}
			sb.WriteString(`</w:tr>`)
		}
		sb.WriteString(`</w:tbl>`)
	}
	sb.WriteString(`</w:sdtContent></w:sdt>`)
	return sb.String()
}

// Import of a report from a web page and from a Word document, end to end
// (file read, parse, locate, check): the target is < 5 ms each.
func BenchmarkReadDocuments(b *testing.B) {
	t := &testing.T{}
	r := documentCases(t)["seed"]
	var page bytes.Buffer
	if err := webpage.Write(&page, r); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	files := map[string][]byte{"page.html": page.Bytes(), "word.docx": docxtest.Build(wordBody(r, false)), "gbk.htm": nil}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Replace(page.String(), `<meta charset="utf-8">`, `<meta charset="gbk">`, 1))
	files["gbk.htm"] = []byte(gbk)
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Read(p, Given{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The Word document the program writes, read back: every cell, total and
// paragraph as it was.
func TestWordExportRoundTrip(t *testing.T) {
	for name, r := range documentCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := docx.Write(&buf, r); err != nil {
				t.Fatal(err)
			}
			got, _, err := Read(writeFile(t, "年报.docx", buf.Bytes()), Given{})
			if err != nil {
				t.Fatal(err)
			}
			sameReport(t, name, want(t, r), got)
			if got.Meta.Date != r.Meta.Date {
				t.Errorf("成文日期 %q, want %q from the signature", got.Meta.Date, r.Meta.Date)
			}
		})
	}
}

// In a folder, a cover letter is passed over; a report whose tables were
// not found (in a text box only, or a GBK page misread) is not: it stays
// an error, so the roll-up does not silently leave the unit out.
func TestIncidentalOnlyCoverLetters(t *testing.T) {
	letter := writeFile(t, "报送说明.docx", docxtest.Build(docxtest.P("关于报送2023年度政府信息公开工作年度报告的说明")+docxtest.P("现将我局年报报送贵办，请审核。")))
	_, _, err := Read(letter, Given{})
	if !Incidental(letter, err) {
		t.Errorf("a cover letter was not passed over: %v", err)
	}
	inBox := writeFile(t, "某局年报.docx", docxtest.Build(docxtest.P("某局2023年政府信息公开工作年度报告")+
		`<w:p><w:r><w:drawing><wps:txbx><w:txbxContent>`+docxtest.Table([][]string{{"信息内容", "本年制发件数"}, {"规章", "3"}})+`</w:txbxContent></wps:txbx></w:drawing></w:r></w:p>`))
	_, _, err = Read(inBox, Given{})
	if model.ErrorCodeOf(err) != model.CodeNotReport || Incidental(inBox, err) || !strings.Contains(model.ErrorMessage(err), "表明这是年度报告") {
		t.Errorf("a report with its tables in a text box: %v (incidental %v)", err, Incidental(inBox, err))
	}
	tableOnly := writeFile(t, "表格.html", []byte(`<table><tr><td>一、本年新收政府信息公开申请数量</td><td>5</td></tr></table>`))
	_, _, err = Read(tableOnly, Given{})
	if err == nil || Incidental(tableOnly, err) {
		t.Errorf("a page with a report's row: %v (incidental %v)", err, Incidental(tableOnly, err))
	}
}

// Two copies of 表二 with different numbers in one document: refused,
// each named by the heading above it, not by cells the clerk cannot see.
func TestDocumentTwoCopies(t *testing.T) {
	r := documentCases(t)["seed"]
	var page bytes.Buffer
	if err := webpage.Write(&page, r); err != nil {
		t.Fatal(err)
	}
	s := page.String()
	i := strings.Index(s, "<h2>二、")
	j := strings.Index(s, "<h2>三、")
	copy2 := strings.Replace(s[i:j], "二、主动公开政府信息情况", "附：修改前的表二", 1)
	copy2 = strings.Replace(copy2, ">216<", ">217<", 1)
	doc := s[:j] + copy2 + s[j:]
	if doc == s || !strings.Contains(copy2, ">217<") {
		t.Fatal("the page was not changed as meant")
	}
	_, _, err := Read(writeFile(t, "年报.html", []byte(doc)), Given{})
	msg := model.ErrorMessage(err)
	if model.ErrorCodeOf(err) != model.CodeAmbiguous || !strings.Contains(msg, "网页中“二、主动公开政府信息情况”下的一份") ||
		!strings.Contains(msg, "“附：修改前的表二”下的一份") || strings.Contains(msg, "工作表") {
		t.Errorf("%v", err)
	}
}
