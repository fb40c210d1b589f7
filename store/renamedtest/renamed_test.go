// Package renamedtest runs a copy of the 2021 format in which every cell,
// row, column, table, rule and narrative key is renamed
// (modeltest.Renamed) through everything a report goes through — typing,
// the rules, the drafts file, next year's draft, the roll-up, the Excel
// export and import, the web page — and requires the same outcome as the
// real format, by the renamed IDs. It proves that every ID the code needs
// comes from the template data: a key spelled in Go would make the copy
// half-work, and this test fail.
//
// It is a package of its own (test files only) because it registers the
// copy as a format (model.RegisterTemplate), which no other package's tests
// should see.
package renamedtest

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"nianbao/model"
	"nianbao/model/modeltest"
	"nianbao/store/docx"
	"nianbao/store/drafts"
	"nianbao/store/webpage"
	"nianbao/store/xlsx"
)

const renamedID = "x2021"

var (
	rename       = modeltest.Rename
	renameDotted = modeltest.RenameDotted
)

// pair is the real format and its renamed copy, with the maps between them.
type pair struct {
	orig, ren *model.Template
	cell      map[model.CellID]model.CellID
	narr      map[string]string
	tokens    map[string]bool // table, row and column keys
}

func newPair(t *testing.T) *pair {
	t.Helper()
	orig, _ := model.LookupTemplate("2021")
	ren, err := modeltest.Renamed(orig, renamedID)
	if err != nil {
		t.Fatalf("renamed template: %v", err)
	}
	unregister, err := model.RegisterTemplate(ren)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unregister)
	p := &pair{orig: orig, ren: ren, cell: map[string]string{}, narr: map[string]string{}, tokens: map[string]bool{}}
	oc, rc := orig.Cells(), ren.Cells()
	if len(oc) != len(rc) {
		t.Fatalf("%d cells, renamed %d", len(oc), len(rc))
	}
	for i, c := range oc {
		if rc[i].ID != renameDotted(c.ID) || rc[i].ID == c.ID {
			t.Fatalf("cell %s renamed %s", c.ID, rc[i].ID)
		}
		if _, ok := ren.Cell(c.ID); ok {
			t.Fatalf("renamed template still has %s", c.ID)
		}
		p.cell[c.ID] = rc[i].ID
		p.tokens[c.Table.ID], p.tokens[c.Row.Key], p.tokens[c.Col.Key] = true, true, true
	}
	for _, k := range orig.NarrativeKeys() {
		p.narr[k] = renameDotted(k)
	}
	for _, r := range orig.Rules {
		if ren.Rule(rename(r.ID)) == nil || ren.Rule(r.ID) != nil {
			t.Fatalf("rule %s not renamed", r.ID)
		}
	}
	return p
}

func (p *pair) rule(id string) string {
	if p.orig.Rule(id) != nil {
		return rename(id)
	}
	return id // built in: INPUT, BLANK, META, N-R1, N-R2, AGG-R1
}

func (p *pair) cells(ids []model.CellID) []model.CellID {
	out := make([]model.CellID, len(ids))
	for i, id := range ids {
		out[i] = p.cell[id]
	}
	return out
}

// findingKey maps a finding's key: rule, then table, row and column keys
// (T3-R1.natural, BLANK.t3.granted, T3-R2.t3.total_processed.natural);
// N-R1's is the narrative key and a figure ID, N-R2's is fixed.
func (p *pair) findingKey(f model.Finding) string {
	switch f.Rule {
	case model.RuleFee.ID:
		return f.Key
	case model.RuleNarrative.ID:
		rest := strings.TrimPrefix(f.Key, f.Rule+".")
		best := ""
		for k := range p.narr {
			if strings.HasPrefix(rest, k+".") && len(k) > len(best) {
				best = k
			}
		}
		return f.Rule + "." + p.narr[best] + strings.TrimPrefix(rest, best)
	}
	parts := strings.Split(f.Key, ".")
	parts[0] = p.rule(parts[0])
	for i := 1; i < len(parts); i++ {
		if p.tokens[parts[i]] {
			parts[i] = rename(parts[i])
		}
	}
	return strings.Join(parts, ".")
}

// sameFindings requires the renamed findings to be the real ones by the
// renamed IDs, in the same order, with the same words.
func (p *pair) sameFindings(t *testing.T, what string, of, rf []model.Finding) {
	t.Helper()
	if len(of) != len(rf) {
		t.Errorf("%s: %d findings, renamed %d:\n%v\n%v", what, len(of), len(rf), of, rf)
		return
	}
	for i, o := range of {
		want := o
		want.Rule = p.rule(o.Rule)
		want.Key = p.findingKey(o)
		want.Cells = p.cells(o.Cells)
		if o.Narrative != "" {
			want.Narrative = p.narr[o.Narrative]
		}
		if r := rf[i]; r.Severity != want.Severity || r.Rule != want.Rule || r.Key != want.Key ||
			r.Where != want.Where || r.Message != want.Message || r.Note != want.Note ||
			!slices.Equal(r.Cells, want.Cells) || r.Narrative != want.Narrative || r.At != want.At || r.End != want.End {
			t.Errorf("%s: finding %d\n got %+v\nwant %+v", what, i, r, want)
		}
	}
}

// sameReport requires the renamed report to hold what the real one holds.
func (p *pair) sameReport(t *testing.T, what string, o, r *model.Report) {
	t.Helper()
	if r.Template() != p.ren {
		t.Errorf("%s: template %s, want %s", what, r.Template().ID, renamedID)
	}
	for _, c := range p.orig.Cells() {
		rid := p.cell[c.ID]
		if o.Text(c.ID) != r.Text(rid) || o.Stated(c.ID) != r.Stated(rid) {
			t.Errorf("%s: %s %q (stated %v), renamed %s %q (stated %v)", what, c.ID, o.Text(c.ID), o.Stated(c.ID),
				rid, r.Text(rid), r.Stated(rid))
		}
	}
	// Every text, by the renamed keys; an empty text is no text.
	for _, k := range p.orig.NarrativeKeys() {
		if r.Narrative[p.narr[k]] != o.Narrative[k] {
			t.Errorf("%s: narrative %s %q, renamed %q", what, k, o.Narrative[k], r.Narrative[p.narr[k]])
		}
	}
	for k, v := range r.Narrative {
		if _, ok := p.ren.NarrativeByKey(k); !ok && v != "" {
			t.Errorf("%s: narrative %s is not the renamed format's", what, k)
		}
	}
	if o.Meta != r.Meta || !o.Rollup.Equal(r.Rollup) {
		t.Errorf("%s: meta %+v %+v, renamed %+v %+v", what, o.Meta, o.Rollup, r.Meta, r.Rollup)
	}
}

// An edit, applied to the real report by the real IDs and to the copy by
// the renamed ones.
type edit struct {
	kind string // set, state, narr
	key  string
	text string
}

func (p *pair) apply(t *testing.T, r *model.Report, edits []edit) {
	t.Helper()
	ren := r.Template() == p.ren
	for _, e := range edits {
		key := e.key
		var err error
		switch e.kind {
		case "set", "state":
			if ren {
				key = p.cell[key]
			}
			if e.kind == "set" {
				if err = r.Set(key, e.text); err != nil {
					if _, kept := r.Invalid(key); kept {
						err = nil // not a number: kept as typed, and reported (INPUT)
					}
				}
			} else {
				err = r.SetStated(key, e.text)
			}
		case "narr":
			if ren {
				key = p.narr[key]
			}
			r.Narrative[key] = e.text
		}
		if err != nil {
			t.Fatalf("%s %s %q: %v", e.kind, key, e.text, err)
		}
	}
}

// build makes the real report and its renamed twin from the same edits.
func (p *pair) build(t *testing.T, meta model.Meta, edits ...[]edit) (o, r *model.Report) {
	t.Helper()
	o, r = model.NewReport(p.orig), model.NewReport(p.ren)
	o.Meta, r.Meta = meta, meta
	for _, es := range edits {
		p.apply(t, o, es)
		p.apply(t, r, es)
	}
	return o, r
}

// seedEdits types the published Quzhou 2022 report.
func seedEdits(t *testing.T) (model.Meta, []edit) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "model", "testdata", "seed-quzhou-2022.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	var es []edit
	for _, c := range seed.Template().Cells() {
		switch {
		case seed.Stated(c.ID):
			es = append(es, edit{"state", c.ID, seed.Text(c.ID)})
		case !c.Derived && seed.Text(c.ID) != "":
			es = append(es, edit{"set", c.ID, seed.Text(c.ID)})
		}
	}
	for _, k := range seed.Template().NarrativeKeys() {
		if seed.Narrative[k] != "" {
			es = append(es, edit{"narr", k, seed.Narrative[k]})
		}
	}
	return seed.Meta, es
}

// mistakes break one of each rule.
var mistakes = []edit{
	{"set", "t3.new_received.natural", "820"},     // T3-R1: 表三 自然人列 off by one
	{"state", "t4.review_total", "999"},           // T4-R1: a stated total not the sum
	{"state", "t3.total_processed.research", "7"}, // T3-R2
	{"set", "t3.granted.legal", "三件多"},            // INPUT
	{"set", "t3.partial.nonprofit", ""},           // BLANK
	{"narr", "overview.requests", "本年度共收到政府信息公开申请99999件，予以公开和部分公开543件。"}, // N-R1
	{"narr", "other.fee", ""}, // N-R2
	{"narr", "other", "无。"},
}

// lastYear differs from this year where the cross-year rules look.
var lastYear = []edit{
	{"set", "t3.carry_forward.natural", "20"},  // X-R1: this year's 上年结转 is 23
	{"set", "t2.normative.valid", "1700"},      // X-R2: 1700+216−143 ≠ 1838
	{"set", "t2.license.decisions", "100000"},  // X-R4: ×8
	{"set", "t2.rules.valid", "0"},             // T2-R1 stays quiet: nothing repealed
	{"set", "t3.new_received.commercial", "1"}, // small figures are not compared
}

func TestRenamedKeysEndToEnd(t *testing.T) {
	p := newPair(t)
	meta, seed := seedEdits(t)

	// Typing and the rules, with last year's report.
	o, r := p.build(t, meta, seed, mistakes)
	prevMeta := meta
	prevMeta.Year = 2021
	po, pr := p.build(t, prevMeta, seed, lastYear)
	ores, rres := o.Evaluate(po), r.Evaluate(pr)
	seen := map[string]bool{}
	for _, f := range ores.Findings {
		seen[f.Rule] = true
	}
	for _, rule := range []string{"T3-R1", "T3-R2", "T4-R1", "INPUT", "BLANK", "N-R1", "N-R2", "X-R1", "X-R2", "X-R4"} {
		if !seen[rule] {
			t.Errorf("the real format has no %s finding: the test does not try that rule", rule)
		}
	}
	p.sameFindings(t, "check", ores.Findings, rres.Findings)
	// 说明 are kept by finding key.
	o.Notes[ores.Findings[0].Key] = "已核实"
	r.Notes[rres.Findings[0].Key] = "已核实"
	ores, rres = o.Evaluate(po), r.Evaluate(pr)
	if ores.Findings[0].Note == "" {
		t.Fatal("note not attached")
	}
	p.sameFindings(t, "check with a note", ores.Findings, rres.Findings)
	for _, c := range p.orig.Cells() {
		if ores.Value(c.ID) != rres.Value(p.cell[c.ID]) || ores.Computed(c.ID) != rres.Computed(p.cell[c.ID]) {
			t.Errorf("%s: %d/%d, renamed %d/%d", c.ID, ores.Value(c.ID), ores.Computed(c.ID),
				rres.Value(p.cell[c.ID]), rres.Computed(p.cell[c.ID]))
		}
	}
	// The balance row under 表三 (the editor's 本列勾稽).
	otb, rtb := p.orig.Tables[1], p.ren.Tables[1]
	ocr, rcr := p.orig.ColumnRules(otb), p.ren.ColumnRules(rtb)
	if len(ocr) != 1 || len(rcr) != 1 || rcr[0].ID != rename(ocr[0].ID) {
		t.Fatalf("balance rows %v, renamed %v", ocr, rcr)
	}
	for _, c := range otb.Blocks[0].Columns {
		ol, or, ook := ores.Sides(ocr[0].CheckKey(c.Key))
		rl, rr, rok := rres.Sides(rcr[0].CheckKey(rename(c.Key)))
		if !ook || ol != rl || or != rr || ook != rok {
			t.Errorf("balance %s: %d=%d (%v), renamed %d=%d (%v)", c.Key, ol, or, ook, rl, rr, rok)
		}
	}
	if tabs := []string{rtb.Tab, p.ren.Tables[0].Tab, p.ren.Tables[2].Note}; slices.Contains(tabs, "") {
		t.Errorf("tab titles and notes: %q", tabs)
	}
	// 插入数字…: the figures and the ready-made sentences.
	ofs, rfs := ores.Figures(), rres.Figures()
	if len(ofs) != len(rfs) || len(ofs) < 20 {
		t.Fatalf("%d figures, renamed %d", len(ofs), len(rfs))
	}
	for i, f := range ofs {
		if g := rfs[i]; g.ID != f.ID || g.Label != f.Label || g.Value != f.Value || !slices.Equal(g.Cells, p.cells(f.Cells)) {
			t.Errorf("figure %+v, renamed %+v", f, g)
		}
	}
	oss, rss := ores.Sentences(), rres.Sentences()
	if len(oss) != len(rss) || len(oss) < 4 {
		t.Fatalf("%d sentences, renamed %d", len(oss), len(rss))
	}
	for i, s := range oss {
		if g := rss[i]; g.Text != s.Text || g.Label != s.Label || g.Key != p.narr[s.Key] {
			t.Errorf("sentence %+v, renamed %+v", s, g)
		}
	}

	// The JSON interchange (and so the drafts file) names the format by ID.
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := model.UnmarshalReport(js)
	if err != nil {
		t.Fatal(err)
	}
	p.sameReport(t, "json", o, back)

	// The drafts file: a draft made from the report, edited through the
	// autosaver by the renamed IDs, read back, rolled forward.
	db, err := drafts.Open(filepath.Join(t.TempDir(), "drafts.db"), drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	saved := func(rep *model.Report, ids func(model.CellID) model.CellID, narr func(string) string) (*model.Report, *model.Report) {
		t.Helper()
		info, err := db.CreateFrom(rep)
		if err != nil {
			t.Fatal(err)
		}
		as, err := db.Autosave(info.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{
			as.Set(ids("t3.granted.legal"), "3"),
			as.SetStated(ids("t4.lit_direct_total"), "40"),
			as.SetNarrative(narr("other.fee"), "本年度未收取政府信息公开信息处理费。"),
			as.Close(),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		back, _, err := db.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		next, err := db.RollForward(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		nr, _, err := db.Load(next.ID)
		if err != nil {
			t.Fatal(err)
		}
		return back, nr
	}
	same := func(s string) string { return s }
	ob, on := saved(o, same, same)
	rb, rn := saved(r, func(id model.CellID) model.CellID { return p.cell[id] }, func(k string) string { return p.narr[k] })
	p.sameReport(t, "drafts", ob, rb)
	p.sameReport(t, "drafts rolled forward", on, rn)
	p.sameFindings(t, "drafts check", ob.Evaluate(po).Findings, rb.Evaluate(pr).Findings)

	// Next year's draft: 结转下年度 → 上年结转, in the same format.
	ono, err := model.NextYear(o)
	if err != nil {
		t.Fatal(err)
	}
	rno, err := model.NextYear(r)
	if err != nil {
		t.Fatal(err)
	}
	if ono.Template() != p.orig {
		t.Fatalf("next year of 2021 is %s", ono.Template().ID)
	}
	p.sameReport(t, "next year", ono, rno)
	if got := rno.Text(p.cell["t3.carried_over.natural"]); got != "8" {
		t.Errorf("next year's 上年结转·自然人 %q, want 8", got)
	}
	p.sameFindings(t, "next year check", ono.Evaluate(o).Findings, rno.Evaluate(r).Findings)

	// The roll-up of two units.
	meta2 := meta
	meta2.Unit = "衢州市教育局"
	o2, r2 := p.build(t, meta2, seed, []edit{{"set", "t3.granted.natural", "100"}, {"set", "t2.normative.valid", "12"}})
	om, err := model.MergeReports([]model.MergeInput{{Source: "a.xlsx", Report: o}, {Source: "b.xlsx", Report: o2}},
		model.MergeOptions{Unit: "衢州市"})
	if err != nil {
		t.Fatal(err)
	}
	rm, err := model.MergeReports([]model.MergeInput{{Source: "a.xlsx", Report: r}, {Source: "b.xlsx", Report: r2}},
		model.MergeOptions{Unit: "衢州市"})
	if err != nil {
		t.Fatal(err)
	}
	if om.Included != 2 || rm.Included != 2 {
		t.Fatalf("merged %d, renamed %d", om.Included, rm.Included)
	}
	p.sameReport(t, "merge", om.Report, rm.Report)
	p.sameFindings(t, "merge check", om.Result.Findings, rm.Result.Findings)
	p.sameFindings(t, "merge notes", om.Notes, rm.Notes)
	if len(om.Notes) == 0 {
		t.Error("no AGG-R1 note on 现行有效件数")
	}
	for i, u := range om.Units {
		g := rm.Units[i]
		if g.Figures != u.Figures || g.Status != u.Status || g.Reason != u.Reason || g.Errors != u.Errors ||
			g.Warnings != u.Warnings || g.Source != u.Source || g.Unit != u.Unit {
			t.Errorf("breakdown %+v\nrenamed %+v", u, g)
		}
		if u.Figures.NewReceived == 0 || u.Figures.Review == 0 || u.Figures.Litigation == 0 {
			t.Errorf("breakdown figures %+v", u.Figures)
		}
	}

	// Excel: export and import back, a report and the roll-up with its
	// breakdown sheet.
	at := time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)
	roundTrip := func(what string, rep *model.Report, opts xlsx.ExportOptions) *model.Report {
		t.Helper()
		opts.ExportedAt = at
		var buf bytes.Buffer
		if err := xlsx.Export(&buf, rep, opts); err != nil {
			t.Fatalf("%s: export: %v", what, err)
		}
		back, info, err := xlsx.Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()), xlsx.ImportOptions{Name: what + ".xlsx"})
		if err != nil {
			t.Fatalf("%s: import: %v", what, err)
		}
		if !info.Own || info.Template != rep.Template() {
			t.Errorf("%s: own %v, template %s", what, info.Own, info.Template.ID)
		}
		return back
	}
	p.sameReport(t, "xlsx", roundTrip("o", o, xlsx.ExportOptions{Prev: po}), roundTrip("r", r, xlsx.ExportOptions{Prev: pr}))
	p.sameReport(t, "xlsx of the original", o, roundTrip("r", r, xlsx.ExportOptions{}))
	p.sameReport(t, "xlsx roll-up", om.Report, roundTrip("rm", rm.Report, xlsx.ExportOptions{Breakdown: rm}))

	// The web page: the same page, and its tables read back are the report.
	page := func(rep *model.Report) string {
		var b bytes.Buffer
		if err := webpage.Write(&b, rep); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	opage, rpage := page(o), page(r)
	if strings.ReplaceAll(rpage, `<table id="xt`, `<table id="t`) != opage {
		t.Error("the renamed format's page differs from the real one's")
	}
	for _, tb := range p.ren.Tables {
		got := readTable(t, rpage, tb.ID)
		var want []string
		for _, s := range tb.Layout().Slots {
			if s.Cell != nil {
				want = append(want, html.EscapeString(valueText(r, rres, s.Cell)))
			}
		}
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("page table %s reads %q, want %q", tb.ID, got, want)
		}
	}
	for _, n := range p.ren.Sections(model.PlaceAfterTables) {
		if !strings.Contains(rpage, "<h2>"+n.Title+"</h2>") {
			t.Errorf("page lacks %s", n.Title)
		}
	}
	if i, j := strings.Index(rpage, `<table id="xt2"`), strings.Index(rpage, "<h2>五、"); i < 0 || j < i {
		t.Error("tables not between 一 and 五")
	}

	// The Word document and the page, each written and read back by the
	// label-based reader: the renamed report.
	for _, kind := range []string{"docx", "page"} {
		var b bytes.Buffer
		var grids []model.TextGrid
		var err error
		if kind == "docx" {
			if err = docx.Write(&b, r); err == nil {
				grids, err = docx.Read(b.Bytes(), "r.docx")
			}
		} else if err = webpage.Write(&b, r); err == nil {
			grids, err = webpage.Read(b.Bytes(), "r.html")
		}
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		back, info, err := xlsx.ImportGrids(grids, xlsx.ImportOptions{Name: "r." + kind})
		if err != nil {
			t.Fatalf("%s read back: %v", kind, err)
		}
		// A document carries no format name: read by its labels, which
		// the renamed copy shares with 2021, it is a 2021 report.
		if info.Template.ID != "2021" {
			t.Errorf("%s read back as %s", kind, info.Template.ID)
		}
		for _, c := range p.ren.Cells() {
			orig := model.CellID(strings.ReplaceAll("."+string(c.ID), ".x", ".")[1:])
			if got, want := back.Text(orig), valueText(r, rres, c); got != want {
				t.Errorf("%s: %s (%s) = %q, want %q", kind, orig, c.ID, got, want)
			}
		}
	}
}

func valueText(r *model.Report, res *model.Result, c *model.Cell) string {
	if c.Derived {
		return res.Display(c.ID)
	}
	return r.Text(c.ID)
}

var (
	tableRe = regexp.MustCompile(`(?s)<table id="([^"]+)".*?</table>`)
	numRe   = regexp.MustCompile(`<td[^>]*class="num"[^>]*>([^<]*)</td>`)
)

// readTable reads the value cells of one table of a page, in order.
func readTable(t *testing.T, page, id string) []string {
	t.Helper()
	for _, m := range tableRe.FindAllStringSubmatch(page, -1) {
		if m[1] != id {
			continue
		}
		var out []string
		for _, n := range numRe.FindAllStringSubmatch(m[0], -1) {
			out = append(out, n[1])
		}
		return out
	}
	t.Fatalf("page has no table %s", id)
	return nil
}
