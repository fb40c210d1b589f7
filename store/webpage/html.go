// Package webpage writes a report as one self-contained web page in the
// official layout: the title, the preface, 一 to 六 with their headings, and
// 表二–表四 with the printed merged heads (rowspan/colspan) in between. The
// page is what government portals publish; it pastes into a portal's
// editor (borders and alignment are inline attributes, which editors keep)
// and prints on A4 from a browser (@page and print rules). It has no
// scripts, fonts or images and links to nothing.
//
// It is an output adapter like store/xlsx and uses the standard library
// only; all text is escaped by html/template.
package webpage

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/model"
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
func Title(r *model.Report) string {
	t := "政府信息公开工作年度报告"
	if y := r.Meta.Year; y > 0 {
		t = strconv.Itoa(y) + "年" + t
	}
	return strings.TrimSpace(r.Meta.Unit) + t
}

// Write writes the report page.
func Write(w io.Writer, r *model.Report) error {
	tpl := r.Template()
	res := r.Evaluate(nil)
	value := func(c *model.Cell) string {
		if c.Derived {
			return res.Display(c.ID)
		}
		return r.Text(c.ID) // a rejected input prints as typed; check warns of it
	}
	d := pageData{Title: Title(r)}
	var tablesDone bool
	addTables := func() {
		for _, tb := range tpl.Tables {
			g := buildGrid(tpl, tb, value)
			d.Sections = append(d.Sections, section{Heading: tb.Title, Table: &g})
		}
		tablesDone = true
	}
	// Where each section goes is template data: the preface untitled
	// before 一, then the sections before the tables (一), the tables (二、
	// 三、四), the sections after them (五、六).
	for _, n := range tpl.Narrative {
		if n.Place == model.PlacePreface {
			d.Preface = append(d.Preface, paragraphs(r.Narrative[n.Key])...)
			continue
		}
		if !tablesDone && n.Place == model.PlaceAfterTables {
			addTables()
		}
		s := section{Heading: n.Title, Paras: paragraphs(r.Narrative[n.Key])}
		for _, p := range n.Parts {
			ps := paragraphs(r.Narrative[p.Key])
			if len(ps) == 0 {
				continue
			}
			// Parts numbered like （一）主动公开 are printed headings;
			// others (六's 信息处理费) are only where the text is kept.
			if strings.HasPrefix(p.Title, "（") {
				s.Paras = append(s.Paras, para{Text: p.Title, Heading: true})
			}
			s.Paras = append(s.Paras, ps...)
		}
		d.Sections = append(d.Sections, s)
	}
	if !tablesDone {
		addTables()
	}
	if date := chineseDate(r.Meta.Date); date != "" {
		d.Signature = []string{strings.TrimSpace(r.Meta.Unit), date}
	}
	if err := page.Execute(w, d); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	return nil
}

// paragraphs splits a text into its lines. A short line numbered like
// （一） or (一) with no full stop is a sub-heading the clerk typed.
func paragraphs(text string) []para {
	var out []para
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, para{Text: line, Heading: isSubHeading(line)})
	}
	return out
}

func isSubHeading(line string) bool {
	if utf8.RuneCountInString(line) > 40 || strings.ContainsAny(line, "。；;") {
		return false
	}
	for _, open := range []string{"（", "("} {
		if rest, ok := strings.CutPrefix(line, open); ok {
			num, _, found := strings.Cut(rest, map[string]string{"（": "）", "(": ")"}[open])
			return found && num != "" && strings.Trim(num, "一二三四五六七八九十") == ""
		}
	}
	return false
}

// chineseDate turns 2023-03-01 into 2023年3月1日; anything else is "".
func chineseDate(s string) string {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) != 3 {
		return ""
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return ""
		}
		n[i] = v
	}
	return fmt.Sprintf("%d年%d月%d日", n[0], n[1], n[2])
}

// WriteFile writes the page to path through a temporary file in the same
// folder, so a failure never leaves half a page. Errors are *model.Failure.
func WriteFile(path string, r *model.Report) (err error) {
	// A page marked read-only is never replaced: the rename below would
	// replace it on Linux and macOS (only the folder counts) and for root.
	// The owner-write bit is also clear for the Windows read-only attribute.
	if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
		return &model.Failure{Code: model.CodeReadOnly, Path: path, Msg: "文件“" + path + "”是只读的，没有覆盖；请换一个文件名或先取消只读。",
			Err: fmt.Errorf("%s is read-only (mode %v)", path, fi.Mode().Perm())}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		msg := "无法在“" + dir + "”中保存“" + filepath.Base(path) + "”"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "文件夹“" + dir + "”不存在"
		} else if errors.Is(err, fs.ErrPermission) {
			msg = "没有写入文件夹“" + dir + "”的权限"
		}
		code := model.CodeIO
		if errors.Is(err, fs.ErrPermission) {
			code = model.CodeReadOnly
		}
		return &model.Failure{Code: code, Path: path, Msg: msg, Err: err}
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := Write(tmp, r); err != nil {
		return &model.Failure{Code: model.CodeInternal, Path: path, Msg: "保存“" + filepath.Base(path) + "”时写入失败", Err: err}
	}
	// CreateTemp makes the file private (0600); a page is for publishing.
	_ = tmp.Chmod(0o644)
	if err := tmp.Close(); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "保存“" + filepath.Base(path) + "”时写入磁盘失败", Err: err}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "无法保存“" + filepath.Base(path) + "”（文件被占用、只读或有同名文件夹）", Err: err}
	}
	return nil
}
