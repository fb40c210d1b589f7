package reportfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"nianbao/model"
	"nianbao/store/docx"
	"nianbao/store/webpage"
	"nianbao/store/xlsx"
)

// maxReportFile bounds what we read into memory: a report is a few KB, a
// roll-up's JSON well under a MB.
const maxReportFile = 64 << 20

// fail is a report file that cannot be read: msg is Chinese and does not
// repeat the path (the caller names the file).
func fail(code model.ErrorCode, path, msg string, cause error) *model.Failure {
	return &model.Failure{Code: code, Path: path, Msg: msg, Err: cause}
}

// Given are the report's unit and year as the user gives them (nianbao
// import --unit/--year, or asked for in the GUI). They win over what the
// file shows, and a warning says where it shows another.
type Given struct {
	Unit string
	Year int
}

// Read reads a report from an Excel workbook (any layout of the official
// tables), a Word document, a web page or a JSON interchange file.
// Warnings are what the reader noticed (a stated total that disagrees, a
// value it converted, a unit or year given that differs from the file's).
// Errors are *model.Failure with the file in Path; their Msg does not
// repeat it.
func Read(path string, given Given) (*model.Report, []string, error) {
	opts := xlsx.ImportOptions{Name: path, Unit: given.Unit, Year: given.Year}
	var (
		r    *model.Report
		info *xlsx.ImportInfo
		err  error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx", ".xlsm":
		r, info, err = xlsx.ImportFile(path, opts)
	case ".docx", ".html", ".htm":
		var grids []model.TextGrid
		if ext == ".docx" {
			grids, err = docx.ReadFile(path)
		} else {
			grids, err = webpage.ReadFile(path)
		}
		if err == nil {
			r, info, err = xlsx.ImportGrids(grids, opts)
			if model.ErrorCodeOf(err) == model.CodeNotReport && looksLikeReport(grids) {
				// Not a cover letter: a report whose tables were not found.
				err = &model.Failure{Code: model.CodeNotReport, Path: path,
					Msg: model.ErrorMessage(err) + "文件的标题或表格表明这是年度报告，请核对表格是否完整、是否放在了文本框中。",
					Err: fmt.Errorf("%w: %w", errLooksLikeReport, err)}
			}
		}
	case ".json":
		return readJSONGiven(path, given)
	default:
		return nil, nil, fail(model.CodeUnsupported, path, unsupported(ext), nil)
	}
	if err != nil {
		var f *model.Failure
		if errors.As(err, &f) {
			f.Path = path
			return nil, nil, f
		}
		return nil, nil, fail(model.CodeInternal, path, model.InternalMessage, err)
	}
	return r, info.Warnings, nil
}

// unsupported says why a file of extension ext is not read, and what to
// do instead.
func unsupported(ext string) string {
	if what, ok := otherSheets[ext]; ok {
		return what + "，请用 Excel 或 WPS 另存为 .xlsx 后再读取"
	}
	if what, ok := otherDocs[ext]; ok {
		return what
	}
	return "不支持的文件类型（可读取 .xlsx 表格、.docx Word 文档、.html 网页或 .json 年报数据文件）"
}

// readJSONGiven reads a JSON interchange file with the unit and year given
// winning over the file's.
func readJSONGiven(path string, given Given) (*model.Report, []string, error) {
	r, err := readJSON(path)
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	if u := given.Unit; u != "" {
		if r.Meta.Unit != "" && model.UnitKey(r.Meta.Unit) != model.UnitKey(u) {
			warnings = append(warnings, "单位名称按 --unit 取为“"+u+"”（文件中为“"+r.Meta.Unit+"”）。")
		}
		r.Meta.Unit = u
	}
	if y := given.Year; y != 0 {
		if r.Meta.Year != 0 && r.Meta.Year != y {
			warnings = append(warnings, fmt.Sprintf("报告年度按 --year 取为%d年度（文件中为%d年度）。", y, r.Meta.Year))
		}
		r.Meta.Year = y
	}
	return r, warnings, nil
}

func readJSON(path string) (*model.Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, osFailure(path, err)
	}
	if st.IsDir() {
		return nil, fail(model.CodeInvalid, path, "这是一个文件夹，不是报告文件", nil)
	}
	if st.Size() > maxReportFile {
		return nil, fail(model.CodeTooLarge, path, "文件太大，不像是年报数据文件", fmt.Errorf("%d bytes", st.Size()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, osFailure(path, err)
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		return nil, fail(model.CodeCorrupt, path, err.Error(), err)
	}
	return r, nil
}

// osFailure is a file or folder the system would not give us.
func osFailure(path string, err error) *model.Failure {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(model.CodeNotFound, path, "文件不存在", err)
	case errors.Is(err, fs.ErrPermission):
		return fail(model.CodeIO, path, "没有读取权限", err)
	}
	return fail(model.CodeIO, path, "无法读取（"+err.Error()+"）", err)
}

// Stat checks that path can be read: nil, or a *model.Failure saying why.
func Stat(path string) (os.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, osFailure(path, err)
	}
	return st, nil
}

// A SkippedFile is a file in a folder that is not read, and why.
type SkippedFile struct {
	Path   string
	Reason string // Chinese, e.g. "旧版 Excel 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 后再汇总"
	// Convert is set for a spreadsheet in a format not read (.xls, .et,
	// .ods, .csv): most likely a unit's report, left out until it is saved
	// as .xlsx.
	Convert bool
}

// FolderFiles is what Folder found under a folder.
type FolderFiles struct {
	Reports []string      // report files to read (.xlsx, .xlsm, .docx, .html, .htm, .json), sorted
	Skipped []SkippedFile // every other file, sorted, with why it is not read
	// Temp counts Office lock files (~$名称.xlsx), hidden files (.名称,
	// Thumbs.db, desktop.ini) and hidden folders, skipped without a line
	// each.
	Temp int
	Errs []*model.Failure // parts of the folder that could not be listed
}

// Lines are the Chinese lines that say what was not read: one per skipped
// file, one for the temporary and hidden files.
func (f *FolderFiles) Lines(dir string) []string {
	var out []string
	for _, s := range f.Skipped {
		out = append(out, "跳过 "+s.Path+"："+s.Reason)
	}
	if f.Temp > 0 {
		out = append(out, "跳过“"+dir+"”中的"+f.TempText())
	}
	return out
}

// TempText says how many temporary and hidden files were skipped.
func (f *FolderFiles) TempText() string {
	return fmt.Sprintf("%d个临时或隐藏文件（~$开头的锁定文件、隐藏文件）", f.Temp)
}

// Converts counts the skipped spreadsheets that need saving as .xlsx.
func (f *FolderFiles) Converts() int {
	n := 0
	for _, s := range f.Skipped {
		if s.Convert {
			n++
		}
	}
	return n
}

// Spreadsheets in formats not read, by extension: what they are.
var otherSheets = map[string]string{
	".xls": "旧版 Excel 格式（.xls）", ".et": "WPS 表格格式（.et）",
	".ods": "OpenDocument 表格格式（.ods）", ".csv": "CSV 文本（.csv）",
}

// Formats a report is also sent in that are not read, by extension, with
// what to do instead.
var otherDocs = map[string]string{
	".doc": "旧版 Word 格式（.doc），请用 Word 或 WPS 另存为 .docx 后再读取",
	".wps": "WPS 文字格式（.wps），请用 WPS 另存为 .docx 后再读取",
	".pdf": "PDF 文件中的表格无法可靠读取，请使用该报告的 Word 文档（.docx）或网页（.html）",
	".mht": "单个文件网页（.mht），请用浏览器或 Word 另存为 .html 或 .docx 后再读取",
}

// skipReason says why a file of extension ext (lower case) is not read.
func skipReason(ext string) (reason string, convert bool) {
	if what, ok := otherSheets[ext]; ok {
		return what + "，请用 Excel 或 WPS 另存为 .xlsx 后再汇总", true
	}
	if what, ok := otherDocs[ext]; ok {
		// A PDF in a folder of reports is most often a scan (a signed cover
		// letter); a .doc or .wps most likely a unit's report to resave.
		return what, ext != ".pdf"
	}
	return "不是年报文件", false
}

// Folder lists the files under dir, its subfolders included: the
// report files to read (workbooks, Word documents, web pages, JSON files) and every
// other file with why it is not read. Hidden files and folders, Windows'
// hidden system files and Excel's lock files (~$名称.xlsx) are only
// counted. Folders that cannot be read are returned as errors beside what
// was found. `merge` and the GUI's 汇总 window both search folders with it.
func Folder(dir string) FolderFiles {
	var found FolderFiles
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			found.Errs = append(found.Errs, osFailure(p, err))
			return nil
		}
		if p == dir {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			found.Temp++
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if strings.HasPrefix(name, "~$") || strings.EqualFold(name, "Thumbs.db") || strings.EqualFold(name, "desktop.ini") {
			found.Temp++
			return nil
		}
		switch ext := strings.ToLower(filepath.Ext(name)); ext {
		case ".xlsx", ".xlsm", ".json", ".docx", ".html", ".htm":
			found.Reports = append(found.Reports, p)
		default:
			reason, convert := skipReason(ext)
			found.Skipped = append(found.Skipped, SkippedFile{Path: p, Reason: reason, Convert: convert})
		}
		return nil
	})
	if err != nil {
		found.Errs = append(found.Errs, osFailure(dir, err))
	}
	sort.Strings(found.Reports)
	sort.Slice(found.Skipped, func(i, j int) bool { return found.Skipped[i].Path < found.Skipped[j].Path })
	return found
}

// OutputClash says, in Chinese, why the roll-up must not be written to out:
// it is one of the input files (the same path, or the same file by
// os.SameFile: a link, another spelling), or it lies in an input folder,
// where it would be mixed with the units' reports. "" if out is free. It
// reads no file; it stats out, and each file only when out exists.
func OutputClash(out string, dirs, files []string) string {
	absOut := absPath(out)
	realOut := absOut
	if d, err := filepath.EvalSymlinks(filepath.Dir(absOut)); err == nil {
		realOut = filepath.Join(d, filepath.Base(absOut))
	}
	outSt, outErr := os.Stat(out)
	for _, d := range dirs {
		absDir := absPath(d)
		realDir := absDir
		if r, err := filepath.EvalSymlinks(absDir); err == nil {
			realDir = r
		}
		if within(absOut, absDir) || within(realOut, realDir) {
			return "不能写入 " + out + "：它在要汇总的文件夹“" + d + "”中，汇总表会混入各单位的报告；请写到该文件夹之外"
		}
	}
	for _, f := range files {
		same := samePath(absOut, absPath(f))
		if !same && outErr == nil {
			st, err := os.Stat(f)
			same = err == nil && os.SameFile(outSt, st)
		}
		if same {
			return "不能写入 " + out + "：它就是要汇总的文件 " + f + "，写入会覆盖该报告；请另选汇总表的文件名"
		}
	}
	return ""
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// foldCase: file names differ only in case on these systems' usual disks.
var foldCase = runtime.GOOS == "windows" || runtime.GOOS == "darwin"

func samePath(a, b string) bool {
	if foldCase {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// within reports whether path p is dir or lies under it.
func within(p, dir string) bool {
	if foldCase {
		p, dir = strings.ToLower(p), strings.ToLower(dir)
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// IncidentalReason is why a file found in a folder is passed over (see
// Incidental).
const IncidentalReason = "其中没有年度报告的表格（说明、报送函等），未计入"

// Incidental reports whether a file found in a folder of reports, which
// Read refused with err, is a document sent with the reports (a cover
// letter, a notice: a Word document or web page with no table of the
// report) rather than a report that could not be read. Such a file is
// listed with IncidentalReason and is not an error; a workbook with no
// report, or a damaged document, still is.
func Incidental(path string, err error) bool {
	if model.ErrorCodeOf(err) != model.CodeNotReport || errors.Is(err, errLooksLikeReport) {
		return false
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".docx", ".html", ".htm":
		return true
	}
	return false
}

// errLooksLikeReport marks a document in which no report was found though
// it is titled as one or has a table with the report's labels: never a
// cover letter to pass over.
var errLooksLikeReport = errors.New("titled or laid out as a report")

// looksLikeReport: a document with a report's title (…2023年政府信息公开
// 工作年度报告: a cover letter's 关于报送…年度报告的说明 is none) or a table
// row labelled as a row of one of the formats' tables.
func looksLikeReport(grids []model.TextGrid) bool {
	for _, g := range grids {
		for _, row := range g.Rows {
			for _, cell := range row {
				if t, ok := model.ParseTitle(cell); ok && (t.Unit != "" || t.Year != 0) {
					return true
				}
				if len(row) > 1 && isRowLabel(model.NormalizeLabel(cell)) {
					return true
				}
			}
		}
	}
	return false
}

// isRowLabel: norm labels a row of a table of some format.
func isRowLabel(norm string) bool {
	if norm == "" {
		return false
	}
	for _, tpl := range model.Templates() {
		for _, tb := range tpl.Tables {
			for _, b := range tb.Blocks {
				for _, r := range b.Rows {
					if r.MatchesNormalized(norm) {
						return true
					}
				}
			}
		}
	}
	return false
}
