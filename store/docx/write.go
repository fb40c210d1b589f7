package docx

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"nianbao/model"
	"nianbao/store/internal/safefile"
)

// The page: A4 portrait with the margins of official documents (GB/T
// 9704: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right), in twips.
const (
	pageW, pageH = 11906, 16838
	marTop       = 2098
	marBottom    = 1984
	marLeft      = 1587
	marRight     = 1474
	// textW is the width between the margins: every table is this wide.
	textW = pageW - marLeft - marRight
)

//go:embed document.tmpl
var documentText string

var (
	funcs    = template.FuncMap{"x": escape}
	document = template.Must(template.New("document").Funcs(funcs).Parse(documentText))
	core     = template.Must(template.New("core").Funcs(funcs).Parse(coreText))
)

//go:embed parts/styles.xml
var stylesXML []byte

//go:embed parts/settings.xml
var settingsXML []byte

//go:embed parts/fontTable.xml
var fontTableXML []byte

//go:embed parts/footer1.xml
var footerXML []byte

// escape is text as XML character data or an attribute value. Characters
// XML 1.0 cannot hold (control characters) become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// The document as the template draws it.
type docData struct {
	Title     string
	Body      []item
	Signature []string
	Page      pageData
}

type pageData struct{ W, H, Top, Bottom, Left, Right int }

// An item of the body: a paragraph in a style, or a table.
type item struct {
	Style string // BodyText, Heading1 (一、总体情况), Heading2 (（一）…)
	Text  string
	Table *table
}

type table struct {
	ID     string
	Width  int
	Cols   []int // grid column widths, twips
	Style  string
	Margin int // cells' left and right margins
	Rows   []row
}

type row struct {
	Header bool // repeated at the top of each page the table runs onto
	Cells  []cell
}

// A cell is one w:tc: a slot of the layout where it starts, or a
// continuation of the slot above it (VMerge "continue").
type cell struct {
	Width    int
	Span     int    // w:gridSpan
	VMerge   string // "restart", "continue" or ""
	Vertical bool   // text read top to bottom (w:textDirection tbRl)
	Align    string // w:jc: left, center, right
	Bold     bool
	Keep     bool // keep with the next row (the table stays on one page if it can)
	Text     string
}

// Title is the document's title: 衢州市人民政府办公室2022年政府信息公开工作年度报告.
func Title(r *model.Report) string { return model.ReportTitle(r) }

// Write writes the report as a .docx document.
func Write(w io.Writer, r *model.Report) error {
	d, err := build(r)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	body.Grow(64 << 10)
	if err := document.Execute(&body, d); err != nil {
		return fmt.Errorf("write document.xml: %w", err)
	}
	var props bytes.Buffer
	if err := core.Execute(&props, coreData{Title: d.Title, Creator: strings.TrimSpace(r.Meta.Unit), Date: w3cDate(r.Meta.Date)}); err != nil {
		return fmt.Errorf("write core.xml: %w", err)
	}
	stamp := zipTime(r.Meta.Date)
	z := zip.NewWriter(w)
	for _, p := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(packageRels)},
		{"docProps/core.xml", props.Bytes()},
		{"docProps/app.xml", []byte(appXML)},
		{"word/document.xml", body.Bytes()},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/footer1.xml", footerXML},
		{"word/_rels/document.xml.rels", []byte(documentRels)},
	} {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("write %s: %w", p.name, err)
		}
		if _, err := f.Write(p.data); err != nil {
			return fmt.Errorf("write %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// documentXML is the main part alone, for the golden test.
func documentXML(r *model.Report) ([]byte, error) {
	d, err := build(r)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := document.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// build lays the report out as printed (model.Printed, the order the web
// page prints too): the preface under the title, 一、总体情况, then 二 to
// 四 each with its table, then 五 and 六, and the unit and date at the end.
func build(r *model.Report) (*docData, error) {
	res := r.Evaluate(nil)
	value := func(c *model.Cell) string {
		if c.Derived {
			return res.Display(c.ID)
		}
		return r.Text(c.ID) // a rejected input prints as typed; check warns of it
	}
	p := r.Printed()
	d := &docData{Title: p.Title, Signature: p.Signature, Page: pageData{pageW, pageH, marTop, marBottom, marLeft, marRight}}
	d.Body = append(d.Body, paragraphs(p.Preface)...)
	for _, s := range p.Sections {
		d.Body = append(d.Body, item{Style: "Heading1", Text: s.Heading})
		if s.Table != nil {
			t, err := buildTable(s.Table, value)
			if err != nil {
				return nil, err
			}
			d.Body = append(d.Body, item{Table: t})
			continue
		}
		d.Body = append(d.Body, paragraphs(s.Paras)...)
	}
	return d, nil
}

// buildTable draws one table from its layout. Each grid row is walked
// left to right through Layout.At: a slot starting on this row is a cell
// (vMerge restart if it runs down), a slot from a row above is its
// continuation, as wide as the slot.
func buildTable(tb *model.Table, value func(*model.Cell) string) (*table, error) {
	lay := tb.Layout()
	t := &table{ID: tb.ID, Width: textW, Cols: colWidths(lay, textW), Style: "TableText", Margin: cellMargin}
	if lay.Cols > 6 {
		t.Style = "TableSmall" // 表三 and 表四: 8 pt so that their heads and labels fit
	}
	if lay.Cols <= 6 {
		t.Margin = wideMargin // 表二: room between a number and the rule
	}
	if lay.LabelCols == 0 {
		// 表四's fifteen columns are under three characters wide: wider
		// margins break its heads two by two (结果/维持, not 结果维/持).
		t.Margin = wideMargin
	}
	header := -1 // last head row repeated on each page: a table of one block only
	if len(lay.Blocks) == 1 {
		header = lay.Blocks[0].Body - 1
	}
	t.Rows = make([]row, lay.Rows)
	for y := 0; y < lay.Rows; y++ {
		rw := row{Header: y <= header}
		for x := 0; x < lay.Cols; {
			i := lay.At(y, x)
			if i < 0 || lay.Slots[i].Col != x {
				return nil, fmt.Errorf("table %s: no slot starts at row %d column %d", tb.ID, y, x)
			}
			s := &lay.Slots[i]
			c := cell{Span: s.ColSpan, Keep: y < lay.Rows-1}
			for k := x; k < x+s.ColSpan; k++ {
				c.Width += t.Cols[k]
			}
			if s.Row != y {
				c.VMerge = "continue"
			} else {
				if s.RowSpan > 1 {
					c.VMerge = "restart"
				}
				c.Text, c.Align = s.Text, "center"
				switch s.Role {
				case model.RoleCaption:
					c.Bold = true
				case model.RoleCorner:
					c.Bold = !s.Note // 表三's 勾稽关系 sentence is plain
				case model.RoleGroup:
					c.Vertical = s.Vertical
				case model.RoleLabel:
					c.Align = "left"
				case model.RoleInput, model.RoleTotal:
					c.Text, c.Align = value(s.Cell), "right"
				}
			}
			rw.Cells = append(rw.Cells, c)
			x += s.ColSpan
		}
		t.Rows[y] = rw
	}
	return t, nil
}

// Column widths of 表三 in twips. Its tables are set in 8 pt (160 twips a
// character) with cells' side margins of 40 twips: a vertical group column
// holds one character; a group column （三）不予 on a line; a value column
// four characters, 商业企业 and 社会公益/组织 as printed. The leaf labels
// get the rest, about 14 characters: most take one line and the table
// fits on one page.
const (
	smallChar  = 160
	cellMargin = 40
	wideMargin = 70
	verticalW  = 400
	groupW     = 5*smallChar + 2*cellMargin + 20
	valueW     = 4*smallChar + 2*cellMargin + 10
)

// colWidths shares the text width among the grid columns, in twips: a
// vertical group level is a narrow column read top to bottom (三、本年度
// 办理结果), other group levels a few characters wide, value columns of
// 表三 as narrow as its heads allow; the leaf labels take what is left.
// 表四's fifteen columns are equal; 表二's label column takes 30%.
func colWidths(lay *model.Layout, total int) []int {
	L, N := lay.LabelCols, lay.Cols-lay.LabelCols
	cols := make([]int, L+N)
	switch {
	case L == 0:
		for i := range cols {
			cols[i] = total / N
		}
	case L == 1:
		cols[0] = total * 3 / 10
		for i := 1; i < len(cols); i++ {
			cols[i] = (total - cols[0]) / N
		}
	default:
		used := 0
		for k := 0; k < L-1; k++ {
			cols[k] = groupW
			if lay.Vertical[k] {
				cols[k] = verticalW
			}
			used += cols[k]
		}
		for i := L; i < L+N; i++ {
			cols[i] = valueW
			used += cols[i]
		}
		cols[L-1] = total - used
	}
	sum := 0
	for _, w := range cols {
		sum += w
	}
	cols[len(cols)-1] += total - sum // rounding
	return cols
}

// paragraphs are the printed paragraphs in the document's styles: a
// part heading (（一）主动公开) in Heading2, the rest body text.
func paragraphs(ps []model.Para) []item {
	out := make([]item, len(ps))
	for i, p := range ps {
		out[i] = item{Style: "BodyText", Text: p.Text}
		if p.Heading {
			out[i].Style = "Heading2"
		}
	}
	return out
}

// w3cDate is the report's date for docProps/core.xml, "" if it has none.
// The document carries no clock time, so the same report always gives
// the same file.
func w3cDate(s string) string {
	if t, ok := dateOf(s); ok {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return ""
}

func dateOf(s string) (time.Time, bool) {
	y, m, d, ok := model.ParseDate(s)
	if !ok || y < 1980 || y > 2107 || m > 12 || d > 31 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// zipTime is the modification time of the parts: the report's date, or a
// fixed one.
func zipTime(s string) time.Time {
	if t, ok := dateOf(s); ok {
		return t
	}
	return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
}

// WriteFile writes the document to path without ever leaving half a file or
// replacing a read-only or open one (see safefile.Write). Errors are
// *model.Failure.
func WriteFile(path string, r *model.Report) error {
	return safefile.Write(path, func(w io.Writer) error { return Write(w, r) })
}

// The package's fixed parts.
const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`

const appXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>nianbao</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>`

type coreData struct{ Title, Creator, Date string }

const coreText = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{{x .Title}}</dc:title>{{if .Creator}}<dc:creator>{{x .Creator}}</dc:creator>{{end}}<dc:language>zh-CN</dc:language>{{if .Date}}<dcterms:created xsi:type="dcterms:W3CDTF">{{.Date}}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{{.Date}}</dcterms:modified>{{end}}</cp:coreProperties>`
