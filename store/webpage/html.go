// Package webpage writes a report as one self-contained web page in the
// official layout: the title, the preface, 一 to 六 with their headings, and
// 表二–表四 with the printed merged heads (rowspan/colspan) in between. The
// page is what government portals publish; it pastes into a portal's
// editor (borders and alignment are inline attributes, which editors keep)
// and prints on A4 from a browser (@page and print rules). It has no
// scripts, fonts or images and links to nothing.
//
// It also reads a page saved from a government site (read.go: UTF-8 or
// GBK/GB2312/GB18030, declared or sniffed; tables by the HTML table
// model, Word-pasted markup, layout tables) into a model.TextGrid for the
// label-based reader, with golang.org/x/net/html and golang.org/x/text.
// What it writes is escaped by html/template.
package webpage

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"nianbao/model"
	"nianbao/store/internal/safefile"
)

//go:embed page.tmpl
var pageText string

var page = template.Must(template.New("page").Parse(pageText))

type pageData struct {
	Title     string
	Preface   []para
	Sections  []section
	Signature []string // unit and date, right-aligned at the end
}

// A section is one of 一 to 六: a heading, then paragraphs (with part
// headings) or a table.
type section struct {
	Heading string
	Paras   []para
	Table   *grid
}

type para struct {
	Text    string
	Heading bool // a part heading (（一）主动公开) or a line that reads as one
}

// Title is the page's title: 衢州市人民政府办公室2022年政府信息公开工作年度报告.
func Title(r *model.Report) string { return model.ReportTitle(r) }

// Write writes the report page: the report as printed (model.Printed),
// each table drawn from its layout.
func Write(w io.Writer, r *model.Report) error {
	res := r.Evaluate(nil)
	value := func(c *model.Cell) string {
		if c.Derived {
			return res.Display(c.ID)
		}
		return r.Text(c.ID) // a rejected input prints as typed; check warns of it
	}
	p := r.Printed()
	d := pageData{Title: p.Title, Preface: paras(p.Preface), Signature: p.Signature}
	for _, s := range p.Sections {
		sec := section{Heading: s.Heading, Paras: paras(s.Paras)}
		if s.Table != nil {
			g := buildGrid(r.Template(), s.Table, value)
			sec.Table = &g
		}
		d.Sections = append(d.Sections, sec)
	}
	if err := page.Execute(w, d); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	return nil
}

func paras(ps []model.Para) []para {
	out := make([]para, len(ps))
	for i, p := range ps {
		out[i] = para{Text: p.Text, Heading: p.Heading}
	}
	return out
}

// WriteFile writes the page to path without ever leaving half a file or
// replacing a read-only or open one (see safefile.Write). Errors are
// *model.Failure.
func WriteFile(path string, r *model.Report) error {
	return safefile.Write(path, func(w io.Writer) error { return Write(w, r) })
}
