package webpage

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"nianbao/model"
	"nianbao/store/internal/safefile"
)

// Limits on a page read for import. A published report is some tens of
// KB; a page saved with everything inline (Word's "单个文件网页" export, a
// CMS page with its menus) a few MB. These bound the memory a hostile
// file can take.
const (
	maxPageBytes = 32 << 20
	maxGridRows  = 20000
	maxGridCols  = 200
	maxSpan      = 1000
	maxDepth     = 200 // nesting of elements followed
)

// ReadFile reads a web page saved from a government site (or written by
// Publish, or by Word as a web page) into the text grid the report reader
// takes (model.TextGrid): its paragraphs and headings one per row, and its
// tables with their merged cells. Errors are *model.Failure.
func ReadFile(path string) ([]model.TextGrid, error) {
	data, err := safefile.Read(path, maxPageBytes, "网页")
	if err != nil {
		return nil, err
	}
	return Read(data, path)
}

// Read reads a page's bytes (see ReadFile); name names it in messages.
// The encoding is the one the page declares (a byte order mark, or a meta
// tag: UTF-8, GBK, GB2312, GB18030…); a page that declares none is UTF-8
// if it is valid UTF-8, otherwise GB18030 (which reads GBK and GB2312), as
// Chinese pages without a declaration are.
func Read(data []byte, name string) (grids []model.TextGrid, err error) {
	base := filepath.Base(name)
	defer func() {
		if p := recover(); p != nil {
			grids, err = nil, &model.Failure{Code: model.CodeCorrupt, Path: name,
				Msg: "无法读取网页“" + base + "”：文件格式异常", Err: fmt.Errorf("internal panic: %v", p)}
		}
	}()
	if len(data) > maxPageBytes {
		return nil, &model.Failure{Code: model.CodeTooLarge, Path: name,
			Msg: "网页“" + base + "”太大（超过32MB），不像是年度报告", Err: fmt.Errorf("%d bytes", len(data))}
	}
	text, err := decode(data)
	if err != nil {
		return nil, &model.Failure{Code: model.CodeCorrupt, Path: name,
			Msg: "无法识别网页“" + base + "”的文字编码", Err: err}
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, &model.Failure{Code: model.CodeCorrupt, Path: name,
			Msg: "网页“" + base + "”无法解析", Err: err}
	}
	b := &gridBuilder{}
	b.flow(doc, 0)
	b.endBlock()
	if b.truncated {
		// Part of the page would be left unread: refused, not read in part.
		return nil, &model.Failure{Code: model.CodeTooLarge, Path: name,
			Msg: fmt.Sprintf("网页“%s”太长（超过%d行或一行超过%d格），不像是年度报告，未读取", base, maxGridRows, maxGridCols)}
	}
	return []model.TextGrid{{Name: "网页", Rows: b.rows, Merges: b.merges}}, nil
}

// decode turns the page into UTF-8 text.
func decode(data []byte) (string, error) {
	var enc encoding.Encoding
	if e, _, certain := charset.DetermineEncoding(data, ""); certain {
		enc = e // a byte order mark
	} else if label := declared(data); label != "" {
		if e, name := charset.Lookup(label); e != nil && !(name == "utf-8" && !utf8.Valid(data)) {
			enc = e
		}
		// A page declared UTF-8 whose bytes are not (a GBK page saved by an
		// old CMS under a new template) is read as undeclared: GB18030.
		// The labels of the report then match, or nothing does and the
		// page is refused; a wrong decoding cannot place a number.
	}
	if enc == nil {
		if utf8.Valid(data) {
			return strings.TrimPrefix(string(data), "\ufeff"), nil
		}
		enc = simplifiedchinese.GB18030
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	return strings.TrimPrefix(string(out), "\ufeff"), err
}

// declared is the charset a page's meta tag names in its first 4 KB, "" if
// none: <meta charset="gbk"> or <meta http-equiv="Content-Type"
// content="text/html; charset=gb2312">.
func declared(data []byte) string {
	if len(data) > 4096 {
		data = data[:4096]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, hasAttr := z.TagName()
			if string(tn) != "meta" || !hasAttr {
				continue
			}
			var cs, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
				return strings.Trim(strings.TrimSpace(content[i+len("charset="):]), `"';`)
			}
		}
	}
}

// gridBuilder lays a page out as rows: a block of running text (a
// paragraph, a heading, a list item) is one row of one cell; a table of
// data is its rows, with rowspan and colspan as merged cells. A table that
// holds tables is a layout table: its cells are read as running text, so
// the report's tables inside it come out as tables.
type gridBuilder struct {
	rows      [][]string
	merges    []model.CellRange
	block     strings.Builder // the running text of the block being read
	truncated bool            // rows or columns past the limits were left out
}

// Elements whose content is never the report's text.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Select: true, atom.Option: true, atom.Button: true, atom.Iframe: true, atom.Object: true,
	atom.Svg: true, atom.Math: true, atom.Textarea: true, atom.Title: true,
}

// Elements that end a line of running text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Center: true, atom.Hr: true,
	atom.Form: true, atom.Caption: true, atom.Address: true, atom.Main: true, atom.Nav: true,
	atom.Aside: true, atom.Figure: true, atom.Figcaption: true, atom.Body: true,
}

func (b *gridBuilder) endBlock() {
	t := cleanText(b.block.String())
	b.block.Reset()
	if t == "" {
		return
	}
	if len(b.rows) >= maxGridRows {
		b.truncated = true
		return
	}
	b.rows = append(b.rows, []string{t})
}

// flow reads n's content as running text, tables as tables.
func (b *gridBuilder) flow(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.block.WriteString(sourceSpace.Replace(n.Data))
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || hidden(n) {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			b.endBlock()
			return
		case atom.Table:
			b.endBlock()
			if holdsTable(n, 0) {
				b.layoutTable(n, depth)
			} else {
				b.table(n)
			}
			return
		}
		if blocks[n.DataAtom] {
			b.endBlock()
			defer b.endBlock()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.flow(c, depth+1)
	}
}

// layoutTable reads a table used for page layout: each cell's content as
// running text, in reading order.
func (b *gridBuilder) layoutTable(t *html.Node, depth int) {
	for _, tr := range tableRows(t) {
		for _, td := range cellsOf(tr) {
			b.flow(td, depth+1)
			b.endBlock()
		}
	}
}

// table lays out a table of data by the HTML table model: each cell goes
// to the next column its row leaves free, taking rowspan × colspan cells;
// a rowspan ends with its row group (thead, a tbody, tfoot), and
// rowspan="0" runs to the group's end, as browsers draw them.
func (b *gridBuilder) table(t *html.Node) {
	top := len(b.rows)
	taken := map[[2]int]bool{} // cells covered by a span from above
	r := 0
	for _, group := range rowGroups(t) {
		end := r + len(group) // the group's rows are r … end-1
		for _, tr := range group {
			if top+r >= maxGridRows {
				b.truncated = true
				return
			}
			row := []string{}
			c := 0
			for _, td := range cellsOf(tr) {
				for taken[[2]int{r, c}] {
					c++
				}
				if c >= maxGridCols {
					b.truncated = true
					break
				}
				cs := colspan(td, maxGridCols-c)
				rs := rowspan(td, end-r)
				for len(row) <= c {
					row = append(row, "")
				}
				row[c] = cellText(td)
				if cs > 1 || rs > 1 {
					b.merges = append(b.merges, model.CellRange{Row1: top + r, Col1: c, Row2: top + r + rs - 1, Col2: c + cs - 1})
					for dr := 0; dr < rs; dr++ {
						for dc := 0; dc < cs; dc++ {
							if dr > 0 || dc > 0 {
								taken[[2]int{r + dr, c + dc}] = true
							}
						}
					}
				}
				c += cs
			}
			b.rows = append(b.rows, row)
			r++
		}
	}
}

// colspan reads a cell's colspan as browsers do: 1 when absent, not a
// number or 0; at most 1000, and no wider than the columns left (most).
func colspan(n *html.Node, most int) int {
	s := spanAttr(n, "colspan")
	if s < 1 {
		return 1
	}
	return max(1, min(s, maxSpan, most))
}

// rowspan reads a cell's rowspan as browsers do: 1 when absent or not a
// number; 0 runs to the end of the row group; never past it (left: the
// rows left in the group, this one included).
func rowspan(n *html.Node, left int) int {
	s := spanAttr(n, "rowspan")
	switch {
	case s < 0:
		return 1
	case s == 0:
		return max(left, 1)
	}
	return max(1, min(s, left))
}

// spanAttr is a span attribute's number, -1 when absent or not one.
func spanAttr(n *html.Node, name string) int {
	v, ok := attr(n, name)
	if !ok {
		return -1
	}
	s, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || s < 0 {
		return -1
	}
	return s
}

// rowGroups are a table's rows by row group, in order: thead, each tbody,
// tfoot, and rows outside any (not those of tables inside it). HTML
// parsing puts bare rows into a tbody already.
func rowGroups(t *html.Node) [][]*html.Node {
	var out [][]*html.Node
	var bare []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || hidden(c) {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			bare = append(bare, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			if len(bare) > 0 {
				out, bare = append(out, bare), nil
			}
			var g []*html.Node
			for tr := c.FirstChild; tr != nil; tr = tr.NextSibling {
				if tr.Type == html.ElementNode && tr.DataAtom == atom.Tr && !hidden(tr) {
					g = append(g, tr)
				}
			}
			out = append(out, g)
		}
	}
	if len(bare) > 0 {
		out = append(out, bare)
	}
	return out
}

// tableRows are a table's rows in order (for a layout table).
func tableRows(t *html.Node) []*html.Node {
	var out []*html.Node
	for _, g := range rowGroups(t) {
		out = append(out, g...)
	}
	return out
}

func cellsOf(tr *html.Node) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !hidden(c) {
			out = append(out, c)
		}
	}
	return out
}

// holdsTable reports whether a table has a table in one of its cells.
func holdsTable(t *html.Node, depth int) bool {
	var found bool
	var walk func(n *html.Node, d int)
	walk = func(n *html.Node, d int) {
		for c := n.FirstChild; c != nil && !found && d < maxDepth; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if c.DataAtom == atom.Table {
					found = true
					return
				}
				walk(c, d+1)
			}
		}
	}
	walk(t, depth)
	return found
}

// cellText is a cell's text: <br> and the ends of paragraphs inside it are
// line breaks (a label printed over two lines), &nbsp; is a space.
func cellText(td *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node, d int)
	walk = func(n *html.Node, d int) {
		if d > maxDepth {
			return
		}
		switch n.Type {
		case html.TextNode:
			sb.WriteString(sourceSpace.Replace(n.Data))
			return
		case html.ElementNode:
			if skipped[n.DataAtom] || hidden(n) {
				return
			}
			if n.DataAtom == atom.Br {
				sb.WriteByte('\n')
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, d+1)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			sb.WriteByte('\n')
		}
	}
	for c := td.FirstChild; c != nil; c = c.NextSibling {
		walk(c, 0)
	}
	return cleanText(sb.String())
}

// sourceSpace: a line end in the page's source is white space, not a line
// break (only <br> and the end of a block are).
var sourceSpace = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// cleanText folds the white space of HTML text: runs of spaces, tabs and
// line ends inside a line become one space, &nbsp; is a space, blank lines
// go, and each line is trimmed.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = strings.ReplaceAll(s, "\r", "")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// hidden: an element the page does not show (display:none, as Word's web
// pages and CMS templates have).
func hidden(n *html.Node) bool {
	if _, ok := attr(n, "hidden"); ok {
		return true
	}
	st, _ := attr(n, "style")
	st = strings.ReplaceAll(strings.ToLower(st), " ", "")
	return strings.Contains(st, "display:none")
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, name) {
			return a.Val, true
		}
	}
	return "", false
}
