package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"nianbao/model"
	"nianbao/store/internal/xmlscan"
)

// Large workbooks. A report's tables take a few hundred rows; what makes a
// workbook large is something else kept beside them — a 台账 of 150,000
// rows, images. The fast path therefore
//
//   - never unzips a part it does not need (images, media, drawings);
//   - streams a worksheet or shared-strings part larger than largePart from
//     its decompressor instead of unzipping it into one buffer;
//   - keeps of a large worksheet only its first maxScanRows rows and
//     maxScanCols columns, which is all the table locator (grid.go) has
//     ever looked at, and skips the rest of its rows unparsed;
//   - reads the small sheets first, and when every table of the report is
//     complete in them, does not read the large sheets at all. That is a
//     decision the clerk sees: ImportInfo.Warnings names every sheet left
//     unread and its size, since a second copy of a table could be there;
//   - looks up in a large table of shared strings only the strings the
//     sheets read refer to, in one pass that stops after the last of them.
//
// Nothing is guessed: a large sheet is either read (in the part the
// locator uses, as for any sheet) or named as unread. The real limit is
// the work of unzipping: maxInflate bytes of large parts per workbook
// (about five seconds). Past it, and for a large workbook the fast path
// cannot read (excelize would need gigabytes), the clerk is told 文件太大
// and how to make a workbook of the report alone — never 已损坏.
// maxInflate is the most bytes of large parts streamed per workbook (a
// variable for tests).
var maxInflate int64 = 2 << 30

const (
	largePart = 8 << 20 // a part larger than this is streamed, a sheet this large may be left unread
	// maxExcelizeXML is the most worksheet and shared-string XML the
	// excelize path is given: it builds each sheet in memory at many times
	// its size (13 MB of XML took 2 s and 210 MB).
	maxExcelizeXML = 8 << 20
)

// errTooLarge is the fast path's cause for a workbook past maxInflate.
type errTooLarge struct{ size int64 }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("xlsx: %d bytes to unzip, more than the limit of %d", e.size, maxInflate)
}

// splitAdvice tells the clerk how to make a workbook that can be read.
const splitAdvice = "请在 Excel 或 WPS 中新建一个工作簿，把年报的表格（表二、表三、表四）和基本信息复制过去（台账等其他工作表不要复制），另存为 .xlsx 后导入新文件。"

func tooLargeError(file string, cause error) error {
	msg := displayName(file) + "太大，无法读取。"
	var tl *errTooLarge
	if errors.As(cause, &tl) {
		msg = fmt.Sprintf("%s太大，无法读取：需要读取的工作表解压后约%s，超过了本程序的上限（%s）。", displayName(file), humanSize(tl.size), humanSize(maxInflate))
	}
	return &model.Failure{Path: file, Code: model.CodeTooLarge, Msg: msg + splitAdvice, Err: cause}
}

// humanSize is a size in Chinese text: 约 1.2 GB, 35 MB.
func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+1<<19)>>20)
	}
	return fmt.Sprintf("%d KB", (n+1<<9)>>10)
}

// charge counts a large part against maxInflate before it is streamed.
func (b *fastBook) charge(zf *zip.File) error {
	b.inflated += int64(min(zf.UncompressedSize64, 1<<62))
	if b.inflated > maxInflate {
		return &errTooLarge{b.inflated}
	}
	return nil
}

// readSheet reads a worksheet part, once, with its shared strings.
func (b *fastBook) readSheet(path string) (*fastSheet, error) {
	if fs, ok := b.cache[path]; ok {
		return fs, nil
	}
	fs, err := b.loadSheet(path)
	if err != nil {
		return nil, err
	}
	if err := b.resolveStrings([]*fastSheet{fs}); err != nil {
		return nil, err
	}
	return fs, nil
}

// loadSheet parses a worksheet part; with a large table of shared strings
// their lookup is left pending.
func (b *fastBook) loadSheet(path string) (*fastSheet, error) {
	if fs, ok := b.cache[path]; ok {
		return fs, nil
	}
	zf := b.parts[path]
	if zf == nil {
		return nil, errFallback
	}
	sr := &sheetReader{sst: b.sst, lazy: b.lazySST != nil, fb: b}
	var fs *fastSheet
	if zf.UncompressedSize64 <= largePart {
		buf, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		fs, err = sr.parseSheet(xmlscan.New(*buf))
		releasePart(buf)
		if err != nil {
			return nil, err
		}
	} else {
		if err := b.charge(zf); err != nil {
			return nil, err
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, errFallback
		}
		defer rc.Close()
		sr.limit = true
		if fs, err = sr.parseSheet(xmlscan.NewStream(rc)); err != nil {
			return nil, err
		}
	}
	fs.fb = b
	b.cache[path] = fs
	return fs, nil
}

// resolveStrings fills in the shared strings the sheets refer to, in one
// pass over the shared-strings part that ends after the last one needed.
func (b *fastBook) resolveStrings(sheets []*fastSheet) error {
	var want []int
	for _, fs := range sheets {
		for _, p := range fs.pending {
			want = append(want, p.idx)
		}
	}
	if len(want) == 0 {
		return nil
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if err := b.charge(b.lazySST); err != nil {
		return err
	}
	rc, err := b.lazySST.Open()
	if err != nil {
		return errFallback
	}
	defer rc.Close()
	s := xmlscan.NewStream(rc)
	strs := make([]string, len(want))
	idx, k := 0, 0
	for k < len(want) && s.Next() != xmlscan.TokEOF {
		if s.Kind != xmlscan.TokStart {
			continue
		}
		if len(s.Stack) == 1 && !s.MainRoot("sst", nsMain) {
			return errFallback
		}
		switch string(s.Name) {
		case "sst":
		case "si":
			if idx == want[k] {
				text, err := readSI(s)
				if err != nil {
					return err
				}
				strs[k] = text
				k++
			} else if s.Self {
				s.Next()
			} else if !s.SkipTo([]byte("</si>")) { // the strings not needed are not parsed
				s.Bad = true
			}
			idx++
		default:
			if strings.IndexByte(string(s.Name), ':') >= 0 {
				return errFallback
			}
			s.Skip()
		}
	}
	if err := s.ReadErr(); err != nil {
		return err
	}
	if s.Bad || k < len(want) {
		return errFallback // malformed, or an index past the last string
	}
	for _, fs := range sheets {
		for _, p := range fs.pending {
			i, _ := slices.BinarySearch(want, p.idx)
			fs.rows[p.r][p.c] = strs[i]
		}
		fs.pending = nil
	}
	return nil
}

// sheetSize is the unzipped size of a sheet's part (0 if unknown).
func (b *fastBook) sheetSize(name string) int64 {
	for _, s := range b.sheets {
		if s.name == name {
			return int64(min(b.parts[s.path].UncompressedSize64, 1<<62))
		}
	}
	return 0
}

// prefetch reads several sheets with one pass over a large table of
// shared strings.
func (b *fastBook) prefetch(names []string) error {
	var read []*fastSheet
	for _, name := range names {
		for _, s := range b.sheets {
			if s.name != name {
				continue
			}
			fs, err := b.loadSheet(s.path)
			if err != nil {
				return err
			}
			read = append(read, fs)
		}
	}
	return b.resolveStrings(read)
}

// readSheets reads the sheets of a workbook for import: the marker sheet's
// rows, and a grid of every visible sheet — large sheets only when the
// report is not complete without them (see the top of this file).
func readSheets(wb workbook, opts ImportOptions, info *ImportInfo) ([]*grid, *marker, error) {
	name := displayName(opts.Name)
	fb, _ := wb.(*fastBook)
	var mk *marker
	var small, large []string
	var order []string
	for _, sh := range wb.sheetList() {
		if sh.name == sheetMarker {
			rows, err := wb.rows(sh.name)
			if errors.Is(err, errFallback) {
				return nil, nil, err
			}
			if err == nil {
				mk = parseMarker(rows)
			}
			continue
		}
		if !sh.visible {
			continue // hidden sheets hold scratch work, not the report
		}
		order = append(order, sh.name)
		if fb != nil && fb.sheetSize(sh.name) > largePart {
			large = append(large, sh.name)
		} else {
			small = append(small, sh.name)
		}
	}
	fail := func(sheet string, err error) error {
		var tl *errTooLarge
		switch {
		case errors.Is(err, errFallback):
			return err
		case errors.As(err, &tl):
			return tooLargeError(opts.Name, err)
		}
		return &model.Failure{Code: model.CodeCorrupt, Path: opts.Name, Msg: "无法读取" + name + "中的工作表“" + sheet + "”：文件已损坏或格式异常",
			Err: fmt.Errorf("sheet %s: %w", sheet, err)}
	}
	grids := map[string]*grid{}
	read := func(names []string) error {
		if fb != nil && len(names) > 0 {
			if err := fb.prefetch(names); err != nil {
				return fail(strings.Join(names, "”“"), err)
			}
		}
		for _, sh := range names {
			g, err := wb.grid(sh)
			if err != nil {
				return fail(sh, err)
			}
			grids[sh] = g
		}
		return nil
	}
	if err := read(small); err != nil {
		return nil, nil, err
	}
	if len(large) > 0 {
		var sg []*grid
		for _, sh := range small {
			sg = append(sg, grids[sh])
		}
		if where := completeIn(sg); where != nil {
			for _, sh := range large {
				info.warn(fmt.Sprintf("工作表“%s”很大（解压后约%s），未读取；年报表格已在工作表%s中找到。如该工作表中另有年报表格，请删去多余的一份后再导入。",
					sh, humanSize(fb.sheetSize(sh)), quoteNames(where)))
			}
			large = nil
		} else if err := read(large); err != nil {
			return nil, nil, err
		}
	}
	var out []*grid
	for _, sh := range order {
		g := grids[sh]
		if g == nil {
			continue
		}
		out = append(out, g)
		if g.src.numRows() > maxScanRows || g.src.more() {
			info.warn(fmt.Sprintf("工作表“%s”超过%d行，只在前%d行中查找年报表格。", sh, maxScanRows, maxScanRows))
		}
	}
	return out, mk, nil
}

// completeIn returns the sheets holding the tables when every table, row
// and column of some template is found in grids; nil otherwise.
func completeIn(grids []*grid) []string {
	if len(grids) == 0 {
		return nil
	}
	cache := blockCache{}
	for _, t := range model.Templates() {
		l := locate(t, grids, cache)
		if l.found == 0 || len(l.missing) > 0 || len(l.absent) > 0 {
			continue
		}
		var names []string
		for _, fb := range l.blocks {
			if fb != nil && !slices.Contains(names, fb.g.name) {
				names = append(names, fb.g.name)
			}
		}
		return names
	}
	return nil
}

func quoteNames(names []string) string {
	return "“" + strings.Join(names, "”“") + "”"
}

// excelizeLimit refuses, before excelize is tried, a workbook whose sheets
// are too large for it, with 文件太大 rather than the 已损坏 excelize would
// lead to; the fast path has already declined it.
func excelizeLimit(r io.ReaderAt, size int64, file string) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil // excelize says what is wrong
	}
	var xmlSize, total uint64
	for _, zf := range zr.File {
		n := strings.ToLower(zf.Name)
		total += zf.UncompressedSize64
		if strings.HasPrefix(n, "xl/worksheets/") || strings.HasSuffix(n, "sharedstrings.xml") {
			xmlSize += zf.UncompressedSize64
		}
	}
	limit, shown := uint64(maxExcelizeXML), xmlSize
	switch {
	case xmlSize > maxExcelizeXML:
	case total > maxUnzip:
		limit, shown = maxUnzip, total
	default:
		return nil
	}
	return &model.Failure{Path: file, Code: model.CodeTooLarge,
		Msg: fmt.Sprintf("%s太大，无法读取：文件中有本程序只能用较慢方式读取的内容，这种方式只能读取解压后不超过%s的工作表，而此文件解压后约%s。",
			displayName(file), humanSize(int64(limit)), humanSize(int64(min(shown, 1<<62)))) + splitAdvice,
		Err: fmt.Errorf("not a plain workbook: %d bytes of sheets, %d in all, too much for excelize", xmlSize, total)}
}
