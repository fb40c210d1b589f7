package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// ImportOptions tune Import.
type ImportOptions struct {
	// Name names the file in messages; ImportFile sets it from the path.
	Name string
	// AllowPartial accepts a workbook in which a table, row or column of the
	// report is missing: the cells stay blank and ImportInfo.Missing lists
	// them. Without it such a workbook is an error (model.CodeIncomplete), so no
	// half-read report is taken for a whole one.
	AllowPartial bool
	// Unit and Year are the report's unit and year as the user gives them
	// (nianbao import --unit/--year, or asked for in the GUI). They win over
	// what the file shows (a note says so where it differs), and Year
	// chooses among copies of a table of different years.
	Unit string
	Year int
}

// ImportInfo says what Import found, for the clerk to review.
type ImportInfo struct {
	File     string
	Template *model.Template
	// Detected explains the choice of template, in Chinese.
	Detected string
	// Own is set when the workbook was exported by this program (its
	// hidden marker sheet was found); Generator is the program version.
	Own       bool
	Generator string
	Tables    []FoundTable
	// Missing lists, in Chinese, the tables, rows and columns not found
	// (only with AllowPartial; otherwise they are an error).
	Missing []string
	// Warnings are Chinese lines about what was read: totals that disagree
	// with their parts, text kept as typed, numbers computed from formulas,
	// 基本信息 not found.
	Warnings []string
	// Rollup is set when the workbook is a roll-up this program wrote
	// (汇总): the units it holds, as its marker sheet lists them. The
	// report carries it too (model.Report.Rollup).
	Rollup *model.Rollup
}

// FoundTable is where a table was found.
type FoundTable struct {
	ID, Short string
	Sheet     string
	Range     string // A1-style, e.g. "A3:J30"
}

// Limits for untrusted files: excelize unzips every part into memory.
const (
	maxUnzip    = 200 << 20
	maxUnzipXML = 50 << 20
)

// ImportFile reads a report from an xlsx file; see Import.
func ImportFile(path string, opts ImportOptions) (*model.Report, *ImportInfo, error) {
	if opts.Name == "" {
		opts.Name = path
	}
	f, err := os.Open(path)
	if err != nil {
		msg := "无法打开文件" + displayName(opts.Name)
		if errors.Is(err, os.ErrNotExist) {
			msg = "文件" + displayName(opts.Name) + "不存在"
		} else if errors.Is(err, os.ErrPermission) {
			msg = "没有权限读取文件" + displayName(opts.Name)
		}
		return nil, nil, &model.Failure{Code: readCode(err), Path: path, Msg: msg, Err: fmt.Errorf("open: %w", err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, &model.Failure{Code: model.CodeIO, Path: path, Msg: "无法读取文件" + displayName(opts.Name), Err: fmt.Errorf("stat: %w", err)}
	}
	// A workbook of usual size is read in one go: the zip reader's many
	// small reads then cost no system calls. Import copies what it keeps,
	// so the buffer is reused.
	if size := st.Size(); size > 0 && size <= maxFileBuf {
		buf := fileBufs.Get().(*[]byte)
		defer fileBufs.Put(buf)
		if int64(cap(*buf)) < size {
			*buf = make([]byte, size)
		}
		data := (*buf)[:size]
		if _, err := io.ReadFull(f, data); err == nil {
			return Import(bytes.NewReader(data), size, opts)
		}
	}
	return Import(f, st.Size(), opts)
}

// maxFileBuf is the largest file ImportFile reads into memory at once.
const maxFileBuf = 4 << 20

var fileBufs = sync.Pool{New: func() any { return new([]byte) }}

// Import reads a report from an xlsx workbook: one exported by this program
// (read back exactly), or one made by hand in Excel or WPS, with the tables
// anywhere on one sheet or several. Tables, rows and columns are found by
// their printed labels; the template (2021, 2019 or hybrid) is the one
// whose labels match best. Totals the file states are kept as stated
// (model.Report.SetStated) so the rules show where they disagree with their
// parts.
//
// Every failure is an *model.Failure whose Msg names the file in Chinese; a
// workbook that is encrypted, damaged, not a report, or (without
// AllowPartial) lacks part of the report returns no report.
func Import(r io.ReaderAt, size int64, opts ImportOptions) (rep *model.Report, info *ImportInfo, err error) {
	name := displayName(opts.Name)
	defer func() {
		if p := recover(); p != nil {
			rep, info = nil, nil
			err = panicError(opts.Name, "无法读取"+name+"：文件已损坏或格式异常", model.CodeCorrupt, p)
		}
	}()
	return importReader(r, size, opts, true)
}

// importReader reads a workbook by the fast path when fast is set and the
// file is plain enough (see fastread.go), else with excelize.
func importReader(r io.ReaderAt, size int64, opts ImportOptions, fast bool) (*model.Report, *ImportInfo, error) {
	if err := sniff(r, size, opts.Name); err != nil {
		return nil, nil, err
	}
	if fast {
		if fb, err := openFast(r, size); err == nil {
			rep, info, err := importWorkbook(fb, opts)
			if !errors.Is(err, errFallback) {
				return rep, info, err
			}
		}
	}
	if err := excelizeLimit(r, size, opts.Name); err != nil {
		return nil, nil, err
	}
	f, err := open(r, size, opts.Name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return importWorkbook(excelBook{newXLBook(f)}, opts)
}

// sniff checks what kind of file this is before it is parsed, so the
// message says what is wrong rather than "zip: not a valid zip file".
func sniff(r io.ReaderAt, size int64, file string) error {
	name := displayName(file)
	fail := func(code model.ErrorCode, msg string, cause error) error {
		return &model.Failure{Code: code, Path: file, Msg: msg, Err: cause}
	}
	if size == 0 {
		return fail(model.CodeCorrupt, "文件"+name+"是空的（0字节）", errors.New("empty file"))
	}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n < 4 {
		return fail(model.CodeCorrupt, name+"不是Excel工作簿（文件太短）", errors.New("too short"))
	}
	if bytes.Equal(head, oleMagic) {
		// An OLE compound file: either an encrypted xlsx (its package is
		// kept in an "EncryptionInfo"/"EncryptedPackage" stream) or an old
		// binary .xls/.et.
		if oleHasStream(r, size, "EncryptionInfo") {
			return fail(model.CodeEncrypted, name+"设置了打开密码，无法读取。请在Excel或WPS中打开后取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码），另存后再导入。", errors.New("encrypted OOXML package"))
		}
		return fail(model.CodeUnsupported, name+"是旧版Excel 97-2003（.xls）格式，本程序只能读取.xlsx。请在Excel或WPS中打开，另存为“Excel工作簿（*.xlsx）”后再导入。", errors.New("OLE compound file"))
	}
	if !bytes.HasPrefix(head, []byte("PK")) {
		return fail(model.CodeCorrupt, name+"不是Excel工作簿（.xlsx）。如是WPS、CSV或网页格式，请在Excel或WPS中另存为.xlsx后再导入。", errors.New("no zip signature"))
	}
	return nil
}

// open opens a workbook (already sniffed) with excelize.
func open(r io.ReaderAt, size int64, file string) (*excelize.File, error) {
	name := displayName(file)
	fail := func(code model.ErrorCode, msg string, cause error) error {
		return &model.Failure{Code: code, Path: file, Msg: msg, Err: cause}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		msg := name + "已损坏或不完整，无法读取。请确认文件已完整下载或复制，或在Excel中打开后重新保存。"
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, zip.ErrChecksum) {
			return nil, fail(model.CodeCorrupt, msg, fmt.Errorf("open xlsx: %w", err))
		}
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, fail(model.CodeEncrypted, name+"设置了打开密码或格式不受支持，无法读取。", fmt.Errorf("open xlsx: %w", err))
		}
		return nil, fail(model.CodeCorrupt, msg, fmt.Errorf("open xlsx: %w", err))
	}
	return f, nil
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleHasStream looks for a stream name (UTF-16LE, as OLE directories store
// it) in the file. Encrypted workbooks are small enough to scan whole.
func oleHasStream(r io.ReaderAt, size int64, stream string) bool {
	want := make([]byte, 0, 2*len(stream))
	for _, c := range []byte(stream) {
		want = append(want, c, 0)
	}
	buf := make([]byte, min(size, 64<<20))
	n, _ := r.ReadAt(buf, 0)
	return bytes.Contains(buf[:n], want)
}

// workbook is a workbook opened for import: by excelize (excelBook) or
// by the fast path (fastBook).
type workbook interface {
	// sheetList lists the sheets in order, with whether each is visible.
	sheetList() []bookSheet
	// rows reads a sheet's cell texts (raw values), as excelize's GetRows.
	rows(name string) ([][]string, error)
	// grid reads a sheet for the table locator.
	grid(name string) (*grid, error)
}

type bookSheet struct {
	name    string
	visible bool
}

type excelBook struct{ *xlBook }

func (b excelBook) sheetList() []bookSheet {
	var out []bookSheet
	for _, sh := range b.f.GetSheetList() {
		visible, err := b.f.GetSheetVisible(sh)
		out = append(out, bookSheet{sh, err != nil || visible})
	}
	return out
}

func (b excelBook) rows(name string) ([][]string, error) {
	return b.f.GetRows(name, excelize.Options{RawCellValue: true})
}

func (b excelBook) grid(name string) (*grid, error) { return readGrid(b.xlBook, name) }

func (b *fastBook) sheetList() []bookSheet {
	out := make([]bookSheet, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = bookSheet{s.name, s.visible}
	}
	return out
}

func (b *fastBook) sheet(name string) (*fastSheet, error) {
	for _, s := range b.sheets {
		if s.name == name {
			return b.readSheet(s.path)
		}
	}
	return nil, errFallback
}

func (b *fastBook) rows(name string) ([][]string, error) {
	fs, err := b.sheet(name)
	if err != nil {
		return nil, err
	}
	return fs.rows, nil
}

func (b *fastBook) grid(name string) (*grid, error) {
	fs, err := b.sheet(name)
	if err != nil {
		return nil, err
	}
	return newGrid(fs, name, fs.rows, fs.merges), nil
}

// importWorkbook reads an opened workbook. A fast-path workbook that turns
// out not to be plain returns errFallback.
func importWorkbook(wb workbook, opts ImportOptions) (*model.Report, *ImportInfo, error) {
	name := displayName(opts.Name)
	info := &ImportInfo{File: opts.Name}
	grids, mk, err := readSheets(wb, opts, info) // see large.go
	if err != nil {
		return nil, nil, err
	}
	if mk != nil {
		info.Own, info.Generator, info.Rollup = true, mk.app, mk.rollup
		// Our roll-up's breakdown lists units, not this report's fields.
		grids = slices.DeleteFunc(grids, func(g *grid) bool { return g.name == sheetBreakdown })
	}

	// Meta first: its year and 报告格式 break ties between templates.
	meta := readMeta(grids, nil)
	var titles []titleHit
	if mk == nil { // our cover is authoritative; other files' titles are read
		titles = findTitles(grids)
	}
	known := reportYear(opts, meta, titles) // chooses among copies of a table
	if known != 0 {
		meta.year = known
	} else if meta.year == 0 {
		meta.year, _ = model.YearFromName(baseName(opts.Name))
	}
	loc := chooseTemplate(grids, mk, meta, info)
	if loc == nil {
		return nil, nil, &model.Failure{Path: opts.Name, Code: model.CodeNotReport,
			Msg: name + "不是政府信息公开工作年度报告：没有找到表二、表三、表四（例如“一、本年新收政府信息公开申请数量”“行政复议”这样的行名和栏目）。",
			Err: errors.New("no table of any template found")}
	}
	var tables tableYear
	if mk == nil {
		var err error
		if tables, err = chooseTables(loc, grids, known, opts.Name, info); err != nil {
			return nil, nil, err
		}
	}
	if len(loc.missing) > 0 && !opts.AllowPartial {
		return nil, nil, &model.Failure{Path: opts.Name, Code: model.CodeIncomplete,
			Msg: name + "中缺少年报的部分内容：" + listSome(loc.missing, 6) + "。请核对表格的标题、栏目和行名是否与年报格式一致。",
			Err: fmt.Errorf("template %s: %d parts missing", loc.tpl.ID, len(loc.missing))}
	}
	info.Missing = loc.missing

	tpl := loc.tpl
	rep := model.NewReport(tpl)
	rep.Rollup = info.Rollup
	cells := cellsByKey(tpl)
	var regions []region
	var calculated []string // cells read by computing their formula
	for _, fb := range loc.blocks {
		if fb == nil {
			continue
		}
		regions = append(regions, region{fb.g, rect{fb.top, fb.left, fb.bottom, fb.right}})
		for _, row := range fb.b.Rows { // template order, so warnings come in reading order
			y, ok := fb.rowAt[row]
			if !ok {
				continue
			}
			for _, col := range fb.b.Columns {
				cp, ok := fb.colAt[col]
				if !ok {
					continue
				}
				c := cells[cellKey{row, col}]
				text, at := fb.g.cellValue(y, cp.x0, cp.x1)
				fm := ""
				if text == "" || (c.Derived && mk != nil) {
					fm = fb.g.formula(at)
				}
				if c.Derived && mk != nil && fm != "" && !mk.stated[c.ID] {
					continue // our own formula: the total is computed, not stated
				}
				problem := "" // why the cell holds no number (celltype.go, formula.go)
				if text == "" && fm != "" {
					if text, problem = computeFormula(fb.g, at, c, fm); text != "" && problem == "" {
						calculated = append(calculated, fb.g.name+"!"+cellName(at.r, at.c))
					}
				}
				if text != "" && problem == "" {
					if kept, msg := notNumber(fb.g, c, at, text); msg != "" {
						text, problem = kept, msg
					}
				}
				if problem != "" { // kept as an input error, never as a number
					info.warn(problem)
					if c.Derived {
						_ = rep.SetStated(c.ID, text)
					} else {
						_ = rep.Set(c.ID, text)
					}
					continue
				}
				if c.Derived {
					if text != "" {
						if err := rep.SetStated(c.ID, withUnit(c.Kind, cp.head, text)); err != nil {
							info.warn(c.Name() + "：合计" + err.Error() + "（已保留原文）")
						}
					}
					continue
				}
				if text == "" {
					continue
				}
				if err := rep.Set(c.ID, withUnit(c.Kind, cp.head, text)); err != nil {
					info.warn(c.Name() + "：" + err.Error() + "（已保留原文）")
				}
			}
		}
	}
	if len(calculated) > 0 {
		info.warn(fmt.Sprintf("%d个单元格只有公式、没有保存计算结果（如 %s），已按公式算出数值，请核对", len(calculated), calculated[0]))
	}
	info.Tables = foundTables(loc)
	regions = append(regions, loc.ignored...) // copies not used are not narrative

	rep.Meta = readMeta(grids, regions).apply(tpl, info)
	if mk == nil { // our cover is authoritative; other files get a guess
		guessMeta(&rep.Meta, titles, tables, opts, info)
	}
	applyGiven(&rep.Meta, opts, info)
	_, doc := wb.(*textBook)
	narrative, signed := readNarrative(grids, regions, tpl, doc)
	for k, v := range narrative {
		rep.Narrative[k] = v
	}
	if date, ok := model.ParseChineseDate(signed); ok && rep.Meta.Date == "" {
		rep.Meta.Date = date
		info.warn("成文日期按文末落款取为“" + signed + "”，请核对。")
	}
	if doc && len(narrative) == 0 {
		info.warn("没有找到“一、总体情况”等各部分的标题，正文没有读取，请在各部分中填写或粘贴。")
	}
	for k, v := range readNotes(grids) {
		rep.Notes[k] = v
	}
	statedWarnings(rep, info)
	return rep, info, nil
}

// cellsByKey indexes a template's cells by row and column, once per
// template (the result is shared and must not be changed).
func cellsByKey(tpl *model.Template) map[cellKey]*model.Cell {
	if v, ok := cellsCache.Load(tpl); ok {
		return v.(map[cellKey]*model.Cell)
	}
	cells := map[cellKey]*model.Cell{}
	for _, c := range tpl.Cells() {
		cells[cellKey{c.Row, c.Col}] = c
	}
	cellsCache.Store(tpl, cells)
	return cells
}

var cellsCache sync.Map // *model.Template → map[cellKey]*model.Cell

// region is a part of a sheet taken by a table, skipped when looking for
// 基本信息 and narrative.
type region struct {
	g *grid
	rect
}

func inRegions(regions []region, g *grid, p pos) bool {
	for _, rg := range regions {
		if rg.g == g && p.r >= rg.r1 && p.r <= rg.r2 && p.c >= rg.c1 && p.c <= rg.c2 {
			return true
		}
	}
	return false
}

func (info *ImportInfo) warn(s string) { info.Warnings = append(info.Warnings, s) }

// computeFormula evaluates a formula whose result the file did not store
// (written by a program that does not calculate), so its number is not
// lost (see formula.go). When the value is not certain it returns the
// formula, to keep as the cell's text, and the warning saying why.
func computeFormula(g *grid, at pos, c *model.Cell, fm string) (text, problem string) {
	if k, _ := g.src.kind(at.r, at.c); k != kindNumber && k != kindDateNum && k != kindFormulaText {
		return "", "" // a stored empty text (=IF(…,"",…)): blank, as Excel shows it
	}
	v, err := evalFormula(g.src, g.name, at)
	if err == nil {
		return formatNumber(v), ""
	}
	where := g.name + "!" + cellName(at.r, at.c)
	if err.circular {
		return "=" + fm, fmt.Sprintf("%s：单元格 %s 的%s，无法计算。请在 Excel 或 WPS 中改正公式并保存后再导入（已保留公式原文）", c.Name(), where, err.msg)
	}
	return "=" + fm, fmt.Sprintf("%s：单元格 %s 的公式（=%s）没有保存计算结果，%s。请用 Excel 或 WPS 打开此文件并保存（保存时会存下计算结果）后再导入（已保留公式原文）",
		c.Name(), where, shortenTo(fm, 80), err.msg)
}

// chooseTemplate matches every template and keeps the best; nil if no
// table of any template was found.
func chooseTemplate(grids []*grid, mk *marker, meta metaFields, info *ImportInfo) *location {
	var locs []*location
	cache := blockCache{}
	for _, t := range model.Templates() {
		locs = append(locs, locate(t, grids, cache))
	}
	prefer := func(t *model.Template) int {
		switch {
		case mk != nil && t.ID == mk.template:
			return 3
		case meta.template != nil && t == meta.template:
			return 2
		case meta.year != 0 && model.TemplateForYear(meta.year) == t:
			return 1
		}
		return 0
	}
	var best *location
	for _, l := range locs { // Templates() is newest first: ties keep the newer
		if l.found == 0 {
			continue
		}
		if best == nil || l.score > best.score || (l.score == best.score && prefer(l.tpl) > prefer(best.tpl)) {
			best = l
		}
	}
	if best == nil {
		return nil
	}
	info.Template = best.tpl
	var others []string
	for _, l := range locs {
		if l != best && l.found > 0 {
			others = append(others, fmt.Sprintf("%s相符%d项、缺少%d项", l.tpl.Name, l.found, len(l.missing)))
		}
	}
	switch {
	case mk != nil && mk.template == best.tpl.ID:
		info.Detected = "本程序导出的文件，格式为“" + best.tpl.Name + "”，各表的行名和栏目与之相符。"
	default:
		info.Detected = fmt.Sprintf("按表格的行名和栏目识别为“%s”（相符%d项，缺少%d项）", best.tpl.Name, best.found, len(best.missing))
		if len(others) > 0 {
			info.Detected += "；对照其他格式：" + strings.Join(others, "，")
		}
		info.Detected += "。"
		if mk != nil {
			info.warn("文件标记的格式为“" + mk.template + "”，但表格内容更符合“" + best.tpl.Name + "”，已按后者读取。")
		}
	}
	if len(best.absent) > 0 {
		var names []string
		for _, t := range best.absent {
			names = append(names, t.Short)
		}
		info.Detected += "未找到" + strings.Join(names, "、") + "，格式只按已找到的表格和报告年度判断。"
	}
	return best
}

func foundTables(loc *location) []FoundTable {
	var out []FoundTable
	i := 0
	for _, tb := range loc.tpl.Tables {
		var g *grid
		r := rect{r1: -1}
		for range tb.Blocks {
			fb := loc.blocks[i]
			i++
			if fb == nil {
				continue
			}
			if g == nil {
				g, r = fb.g, rect{fb.top, fb.left, fb.bottom, fb.right}
			} else if fb.g == g {
				r = rect{min(r.r1, fb.top), min(r.c1, fb.left), max(r.r2, fb.bottom), max(r.c2, fb.right)}
			}
		}
		if g != nil {
			out = append(out, FoundTable{ID: tb.ID, Short: tb.Short, Sheet: g.name,
				Range: cellName(r.r1, r.c1) + ":" + cellName(r.r2, r.c2)})
		}
	}
	return out
}

// statedWarnings names every total the file states that differs from the
// sum of its parts, e.g. a 表四 总计 left at 0 while its parts add up to 11.
func statedWarnings(rep *model.Report, info *ImportInfo) {
	res := rep.Evaluate(nil)
	for _, c := range rep.Template().Cells() {
		if !c.Derived || !rep.Stated(c.ID) {
			continue
		}
		if _, bad := rep.Invalid(c.ID); bad {
			continue // already warned as text
		}
		if stated, sum := rep.Value(c.ID).Units(), res.Computed(c.ID); stated != sum {
			info.warn(fmt.Sprintf("%s：文件中的合计为%s，但各项之和为%s", c.Name(), c.Kind.FormatUnits(stated), c.Kind.FormatUnits(sum)))
		}
	}
}

func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "、")
	}
	return strings.Join(items[:n], "、") + fmt.Sprintf("等%d项", len(items))
}
