package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// The cover sheet: 基本信息 as label/value rows, then the check results
// with the clerk's 说明. Its layout, in columns A–F:
//
//	A:B label | C:E value                       (one row per field)
//	级别 | 规则 | 位置 | 问题 | 说明 | 编号(hidden)  (one row per finding)
//
// The 编号 column holds the finding's key, under which a 说明 typed there is
// read back.

// Cover labels besides the 基本信息 fields (model.MetaFields), which import
// accepts with their variants (metaLabels).
const (
	labTemplate = "报告格式"
	labExported = "导出时间"
	labApp      = "生成程序"

	headSeverity = "级别"
	headRule     = "规则"
	headWhere    = "位置"
	headProblem  = "问题"
	headNote     = "说明"
	headKey      = "编号"
)

var coverWidths = []float64{8, 9, 22, 38, 24, 16}

func (x *exporter) coverSheet() *sheetOut {
	s := newSheet(sheetCover)
	s.protect = true
	s.fitHeight = 0
	s.footer = x.footer()
	for c, w := range coverWidths {
		s.width(c, w)
	}
	s.hidden[5] = true
	st, m := x.st, x.r.Meta

	s.area(0, 0, 0, 4, x.reportTitle(), st.title)
	s.height(0, rowHeight(lines(x.reportTitle(), spanWidth(coverWidths, 0, 4), sizeTitle), sizeTitle))

	year := any(nil)
	if m.Year != 0 {
		year = int64(m.Year)
	}
	tpl := x.r.Template()
	fields := []struct {
		label string
		value any
		edit  bool
	}{
		{model.MetaLabel(model.MetaUnit), m.Unit, true},
		{model.MetaLabel(model.MetaYear), year, true},
		{labTemplate, tpl.Name + "（" + tpl.Basis + "）", false},
		{model.MetaLabel(model.MetaScope), m.Scope.Label(), true},
		{model.MetaLabel(model.MetaDate), m.Date, true},
		{model.MetaLabel(model.MetaIndexNo), m.IndexNo, true},
		{model.MetaLabel(model.MetaPublisher), m.Publisher, true},
		{model.MetaLabel(model.MetaContact), m.Contact, true},
		{model.MetaLabel(model.MetaPhone), m.Phone, true},
		{labExported, x.opts.ExportedAt.Format("2006-01-02 15:04"), false},
		{labApp, x.opts.AppVersion, false},
	}
	y := 2
	for _, fl := range fields {
		s.area(y, 0, y, 1, fl.label, st.coverLabel)
		style := st.coverValue
		if !fl.edit {
			style = st.coverLabel // read-only, shown as such
		}
		v := fl.value
		if str, ok := v.(string); ok && str == "" {
			v = nil
		}
		s.area(y, 2, y, 4, v, style)
		if !fl.edit {
			s.cell(y, 2).style = st.findCell
			for c := 3; c <= 4; c++ {
				s.cell(y, c).style = st.findCell
			}
		}
		s.height(y, rowHeight(lines(fmt.Sprint(fl.value), spanWidth(coverWidths, 2, 4), 11), 11))
		y++
	}

	y++
	res := x.res
	summary := "检查结果：未发现问题。"
	if len(res.Findings) > 0 {
		summary = fmt.Sprintf("检查结果：错误 %d 项，警告 %d 项，提示 %d 项。", res.Errors, res.Warnings, res.Infos)
	}
	s.area(y, 0, y, 4, summary, st.paraTitle)
	s.height(y, 24)
	y++
	for c, h := range []string{headSeverity, headRule, headWhere, headProblem, headNote, headKey} {
		s.put(y, c, h, st.findHead)
	}
	s.height(y, rowHeight(1, sizeTable))
	s.freezeRows = 0
	y++
	seen := map[string]bool{}
	row := func(sev, rule, where, msg, note, key string) {
		s.put(y, 0, sev, st.findCell)
		s.put(y, 1, rule, st.findCell)
		s.put(y, 2, where, st.findCell)
		s.put(y, 3, msg, st.findCell)
		s.put(y, 4, nilIfEmpty(note), st.findIn)
		s.put(y, 5, key, st.key)
		n := max(lines(where, coverWidths[2], sizeTable), lines(msg, coverWidths[3], sizeTable), lines(note, coverWidths[4], sizeTable))
		s.height(y, rowHeight(n, sizeTable))
		y++
	}
	for _, f := range res.Findings {
		seen[f.Key] = true
		row(f.Severity.String(), f.Rule, f.Where, f.Message, f.Note, f.Key)
	}
	// 说明 for problems that no longer arise are kept, so nothing the clerk
	// wrote is lost on the way through a workbook.
	for _, k := range sortedKeys(x.r.Notes) {
		if !seen[k] && x.r.Notes[k] != "" {
			row("—", "", "", "（此问题已不存在）", x.r.Notes[k], k)
		}
	}

	y++
	note := "说明：本工作簿由" + orDefault(x.opts.AppVersion, "年报填报程序") + "导出。" +
		"各表中的合计为公式，打开时自动重新计算，同时保存了计算结果，不重新计算的程序也能读到合计数。" +
		"白色格为填报格，只能填大于或等于0的数字（本年增/减可为负数，金额最多6位小数）；" +
		"标题、栏目和合计已设工作表保护以防误改，保护没有密码，需要时可在“审阅→撤销工作表保护”中取消。" +
		"可在上表“说明”列中对检查发现的问题作出说明。"
	s.area(y, 0, y, 4, note, st.note)
	s.height(y, rowHeight(lines(note, spanWidth(coverWidths, 0, 4), 9), 9))
	return s
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// metaFields is the 基本信息 as found in a workbook, before checking.
type metaFields struct {
	unit, scope, date, indexNo, publisher, contact, phone, yearText string
	year                                                            int
	template                                                        *model.Template
}

// metaLabels are the printed labels of each field: ours first, then what
// hand-made workbooks and published reports use (model.MetaFields), and the
// 报告格式 of our cover.
var metaLabels = func() []metaLabel {
	out := []metaLabel{{"template", []string{labTemplate}}}
	for _, f := range model.MetaFields {
		out = append(out, metaLabel{f.Key, append([]string{f.Label}, f.Aliases...)})
	}
	return out
}()

type metaLabel struct {
	field  string
	labels []string
}

var metaByLabel = func() map[string]string {
	m := map[string]string{}
	for _, f := range metaLabels {
		for _, l := range f.labels {
			m[model.NormalizeLabel(l)] = f.field
		}
	}
	return m
}()

// readMeta finds the 基本信息 outside the tables: a label cell with its
// value in the next filled cell to the right (our cover, most hand-made
// sheets), or "label：value" pairs inside one cell (填报单位：××局　填报日期：…).
// The first value found for a field wins; the cover sheet is read first.
func readMeta(grids []*grid, regions []region) metaFields {
	var m metaFields
	got := map[string]string{}
	ordered := slices.Clone(grids)
	slices.SortStableFunc(ordered, func(a, b *grid) int {
		return boolInt(b.name == sheetCover) - boolInt(a.name == sheetCover)
	})
	for _, g := range ordered {
		for _, c := range g.cells {
			if inRegions(regions, g, c.p) || longerThan(c.text, 200) {
				continue
			}
			if field, ok := metaByLabel[strings.TrimSuffix(c.norm, ":")]; ok {
				if _, done := got[field]; !done {
					if v, ok := g.rightOf(c.p); ok {
						got[field] = v
					}
				}
				continue
			}
			if strings.IndexByte(c.norm, ':') < 0 {
				continue // no "label：value" in it (： is normalized to :)
			}
			for _, piece := range pieces(c.text) {
				label, value, ok := strings.Cut(strings.ReplaceAll(piece, "：", ":"), ":")
				if !ok {
					continue
				}
				if field, ok := metaByLabel[model.NormalizeLabel(label)]; ok && strings.TrimSpace(value) != "" {
					if _, done := got[field]; !done {
						got[field] = strings.TrimSpace(value)
					}
				}
			}
		}
	}
	m.unit, m.scope, m.date = got[model.MetaUnit], got[model.MetaScope], got[model.MetaDate]
	m.indexNo, m.publisher, m.contact, m.phone = got[model.MetaIndexNo], got[model.MetaPublisher], got[model.MetaContact], got[model.MetaPhone]
	m.yearText = got[model.MetaYear]
	if y := yearNumRE.FindString(m.yearText); y != "" {
		m.year, _ = strconv.Atoi(y)
	}
	if t := got["template"]; t != "" {
		for _, tpl := range model.Templates() {
			if strings.HasPrefix(t, tpl.Name) && (m.template == nil || len(tpl.Name) > len(m.template.Name)) {
				m.template = tpl
			}
		}
	}
	return m
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rightOf is the next filled cell to the right of a label (past the
// label's own merged width), within a few columns.
func (g *grid) rightOf(p pos) (string, bool) {
	start := g.mergeOf(p.r, p.c).c2 + 1
	for c := start; c < start+6; c++ {
		if t := strings.TrimSpace(g.text(p.r, c)); t != "" {
			if _, isLabel := metaByLabel[strings.TrimSuffix(model.NormalizeLabel(t), ":")]; isLabel {
				return "", false
			}
			return t, true
		}
	}
	return "", false
}

// pieces splits a cell's text at runs of spaces (ASCII or full-width),
// tabs and line breaks: "填报单位：××局　　报告年度：2022年度".
func pieces(s string) []string {
	s = strings.ReplaceAll(s, "  ", "\t")
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '\u3000' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
	})
}

var yearNumRE = regexp.MustCompile(`(19|20)[0-9]{2}`)

var dateRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// apply checks the fields found and makes the report's Meta, warning about
// what could not be read.
func (m metaFields) apply(tpl *model.Template, info *ImportInfo) model.Meta {
	out := model.Meta{Unit: m.unit, Year: m.year, IndexNo: m.indexNo, Publisher: m.publisher,
		Contact: m.contact, Phone: m.phone, Scope: model.ScopeAgency}
	if m.yearText != "" && m.year == 0 {
		info.warn("报告年度“" + m.yearText + "”不是年份，请在基本信息中填写")
	}
	if m.scope != "" {
		if sc, err := model.ParseScope(m.scope); err == nil {
			out.Scope = sc
		} else {
			info.warn(err.Error() + "，已按“本机关”读取")
		}
	}
	if d := m.date; d != "" {
		switch mm := dateRE.FindStringSubmatch(d); {
		case mm != nil:
			y, _ := strconv.Atoi(mm[1])
			mo, _ := strconv.Atoi(mm[2])
			day, _ := strconv.Atoi(mm[3])
			out.Date = fmt.Sprintf("%04d-%02d-%02d", y, mo, day)
		case isSerial(d):
			serial, _ := strconv.ParseFloat(d, 64)
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				out.Date = t.Format("2006-01-02")
			}
		}
		if out.Date == "" {
			out.Date = d
			info.warn("成文日期“" + d + "”不是“2023-03-01”这样的日期，已原样保留，请核对")
		}
	}
	return out
}

func isSerial(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f > 20000 && f < 80000 // 1954–2119
}

// readNotes reads the 说明 column of our cover's check results, by the
// finding keys in its 编号 column.
func readNotes(grids []*grid) map[string]string {
	notes := map[string]string{}
	for _, g := range grids {
		for _, c := range g.cells {
			if c.norm != headNote {
				continue
			}
			keyCol := -1
			for x, t := range g.rows[c.p.r] {
				if model.NormalizeLabel(t) == headKey {
					keyCol = x
				}
			}
			if keyCol < 0 {
				continue
			}
			for r := c.p.r + 1; r < len(g.rows); r++ {
				key := strings.TrimSpace(g.text(r, keyCol))
				if key == "" {
					break
				}
				if note := g.text(r, c.p.c); strings.TrimSpace(note) != "" {
					notes[key] = note
				}
			}
			return notes
		}
	}
	return notes
}
