package ui

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// The 汇总 window: the clerk of the office above picks units' reports —
// drafts in the database and workbooks from other offices — sees each
// unit's key figures and its own check status (units with errors first),
// and creates the roll-up as a new draft. The sums and the breakdown are
// model.MergeReports'; this file only gathers inputs and shows the result.

// mergeSource is one input: a draft or a file, read or not.
type mergeSource struct {
	key    string // draft ID or file path, to refuse the same input twice
	name   string // shown in the breakdown
	report *model.Report
	err    error
	draft  bool // a draft of the database, not a file
}

// MergeView is the 汇总 window's state, kept in fields so tests can drive it.
type MergeView struct {
	a   *App
	Win fyne.Window

	Sources []*mergeSource
	// Skipped are the files of the folders added that are not read, listed
	// under the units with why; folders are those folders.
	Skipped  []SkippedFile
	inFolder map[string]bool // files found in the folders added, not chosen one by one
	folders  []string
	pending  map[string]bool // files being read
	gen      int             // bumped by 清空: reads started before it are dropped
	Merge    *model.Merge    // nil until something is read
	Unit     *widget.Entry
	// Rollups counts roll-ups this program wrote among the inputs (a
	// lower level's 汇总), as `merge --include-rollups` does.
	Rollups *widget.Check
	Summary *widget.Label
	Table   *widget.Table
	Create  *widget.Button
	Export  *widget.Button

	loading sync.WaitGroup
}

// breakdown columns: heading and width.
var mergeCols = []struct {
	head  string
	width float32
}{
	{"单位", 220}, {"来源", 200}, {"年度", 60}, {"新收", 60}, {"办结", 60}, {"结转", 60},
	{"复议", 60}, {"诉讼", 60}, {"检查", 150}, {"状态", 230},
}

// ShowMerge opens the 汇总 window.
func (a *App) ShowMerge() *MergeView {
	m := &MergeView{a: a, Win: a.fa.NewWindow("汇总 — 政务公开年报填报")}
	m.Win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { m.Dropped(localPaths(uris)) })
	m.Unit = widget.NewEntry()
	m.Unit.SetPlaceHolder("汇总报告的单位名称，如：××市（全市汇总）")
	m.Summary = widget.NewLabel("请添加要汇总的报告：数据文件中的草稿，或其他单位报送的 Excel 文件（可选整个文件夹）。")
	m.Summary.Wrapping = fyne.TextWrapWord
	m.Table = widget.NewTableWithHeaders(
		func() (int, int) { return m.units() + len(m.Skipped), len(mergeCols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			text, imp := m.cell(id.Row, id.Col)
			l.Importance = imp
			l.SetText(text)
		})
	m.Table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	m.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 {
			l.SetText(mergeCols[id.Col].head)
			l.TextStyle.Bold = true
		} else if id.Col < 0 && id.Row >= 0 {
			l.SetText(strconv.Itoa(id.Row + 1))
		}
	}
	for i, c := range mergeCols {
		m.Table.SetColumnWidth(i, c.width)
	}
	m.Table.OnSelected = func(id widget.TableCellID) {
		m.Table.UnselectAll()
		switch n := m.units(); {
		case id.Row >= 0 && id.Row < n:
			m.showUnit(&m.Merge.Units[id.Row])
		case id.Row >= n && id.Row < n+len(m.Skipped):
			sk := m.Skipped[id.Row-n]
			showInfo(m.Win, "未读取的文件", sk.Path+"\n"+sk.Reason)
		}
	}
	m.Create = widget.NewButton("生成汇总草稿", m.createDraft)
	m.Create.Importance = widget.HighImportance
	m.Export = widget.NewButton("导出汇总Excel…", m.exportDialog)
	m.Create.Disable()
	m.Export.Disable()
	m.Rollups = widget.NewCheck("计入下级汇总表", func(bool) { m.remerge() })
	add := container.NewHBox(
		widget.NewButton("添加草稿…", m.chooseDrafts),
		widget.NewButton("添加Excel文件…", m.chooseFile),
		widget.NewButton("添加文件夹…", m.chooseFolder),
		widget.NewButton("清空", m.Clear),
		m.Rollups,
	)
	bottom := container.NewBorder(nil, nil, widget.NewLabel("汇总单位"), container.NewHBox(m.Create, m.Export), m.Unit)
	m.Win.SetContent(container.NewBorder(container.NewVBox(add, m.Summary), bottom, nil, nil, m.Table))
	m.Win.Resize(fyne.NewSize(1280, 680))
	m.Win.Show()
	return m
}

// units is the number of breakdown rows (the skipped files follow).
func (m *MergeView) units() int {
	if m.Merge == nil {
		return 0
	}
	return len(m.Merge.Units)
}

// cell is the text of one breakdown cell and how it is coloured.
func (m *MergeView) cell(row, col int) (string, widget.Importance) {
	if n := m.units(); row >= n {
		sk := m.Skipped[row-n]
		switch col {
		case 1:
			return filepath.Base(sk.Path), widget.MediumImportance
		case len(mergeCols) - 1:
			if sk.Convert {
				return "未读取：" + sk.Reason, widget.WarningImportance
			}
			return "未读取：" + sk.Reason, widget.LowImportance
		}
		return "", widget.MediumImportance
	}
	u := &m.Merge.Units[row]
	num := func(n int64) string {
		if u.Template == nil {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	imp := widget.MediumImportance
	switch col {
	case 0:
		if u.Unit == "" && u.Template != nil {
			return "（未填单位名称）", widget.WarningImportance
		}
		return u.Unit, imp
	case 1:
		return u.Source, imp
	case 2:
		if u.Year == 0 {
			return "", imp
		}
		return strconv.Itoa(u.Year), imp
	case 3:
		return num(u.Figures.NewReceived), imp
	case 4:
		return num(u.Figures.Processed), imp
	case 5:
		return num(u.Figures.CarryForward), imp
	case 6:
		return num(u.Figures.Review), imp
	case 7:
		return num(u.Figures.Litigation), imp
	case 8:
		switch {
		case u.Template == nil:
			return "—", imp
		case u.Errors > 0:
			return fmt.Sprintf("%d个错误 %d个警告", u.Errors, u.Warnings), widget.DangerImportance
		case u.Warnings > 0:
			return fmt.Sprintf("%d个警告", u.Warnings), widget.WarningImportance
		}
		return "无问题", widget.SuccessImportance
	}
	s := u.Status.Label()
	if u.Reason != "" {
		s += "：" + u.Reason
	}
	switch {
	case u.Status == model.MergeRollup:
		imp = widget.LowImportance // not a unit: nothing is missing
	case !u.Included():
		imp = widget.DangerImportance
	}
	return s, imp
}

// CellText is the text of the breakdown's row (0-based) in the column
// headed head ("来源", "状态"…), for tests.
func (m *MergeView) CellText(row int, head string) string {
	for c, mc := range mergeCols {
		if mc.head == head {
			text, _ := m.cell(row, c)
			return text
		}
	}
	return ""
}

// AddDrafts adds drafts of the database by ID.
func (m *MergeView) AddDrafts(ids []string) {
	infos, _ := m.a.deps.Drafts.List()
	title := map[string]string{}
	for _, d := range infos {
		title[d.ID] = d.Title()
	}
	for _, id := range ids {
		if m.has(id) {
			continue
		}
		r, err := m.a.deps.Drafts.Load(id)
		m.Sources = append(m.Sources, &mergeSource{key: id, name: "草稿：" + title[id], report: r, err: m.userErr(err), draft: true})
	}
	m.remerge()
}

// AddFiles reads workbooks (or interchange .json files) in the background,
// with progress in the summary line; Wait waits for it.
func (m *MergeView) AddFiles(paths []string) {
	if m.a.deps.Excel == nil {
		return
	}
	var todo []string
	seen := map[string]bool{}
	for _, p := range paths {
		if !m.has(p) && !seen[p] {
			seen[p] = true
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return
	}
	if m.pending == nil {
		m.pending = map[string]bool{}
	}
	for _, p := range todo {
		m.pending[p] = true
	}
	m.Summary.SetText(fmt.Sprintf("正在读取 %d 个文件……", len(todo)))
	gen := m.gen
	inFolders := maps.Clone(m.inFolder)
	m.loading.Add(1)
	go func() {
		defer m.loading.Done()
		read := make([]*mergeSource, len(todo))
		var passed []SkippedFile // documents sent with the reports
		for i, p := range todo {
			r, _, err := m.a.deps.Excel.Import(p)
			if reason, ok := m.a.deps.Excel.Incidental(p, err); ok && inFolders[p] {
				passed = append(passed, SkippedFile{Path: p, Reason: reason})
			} else {
				read[i] = &mergeSource{key: p, name: filepath.Base(p), report: r, err: m.userErr(err)}
			}
			if i%20 == 19 {
				n := i + 1
				fyne.Do(func() {
					if gen == m.gen {
						m.Summary.SetText(fmt.Sprintf("正在读取 %d／%d 个文件……", n, len(todo)))
					}
				})
			}
		}
		fyne.DoAndWait(func() {
			if gen != m.gen {
				return // cleared while reading
			}
			for _, p := range todo {
				delete(m.pending, p)
			}
			for _, s := range read {
				if s != nil {
					m.Sources = append(m.Sources, s)
				}
			}
			m.Skipped = append(m.Skipped, passed...)
			m.remerge()
		})
	}()
}

// Wait waits until the files being read are in the breakdown.
func (m *MergeView) Wait() { m.loading.Wait() }

func (m *MergeView) has(key string) bool {
	for _, s := range m.Sources {
		if s.key == key {
			return true
		}
	}
	return m.pending[key]
}

// userErr keeps the Chinese text of a read error for the breakdown.
func (m *MergeView) userErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(m.a.userMessage(err))
}

// remerge sums the sources again and refreshes the window.
func (m *MergeView) remerge() {
	if len(m.Sources) == 0 {
		m.Merge = nil
		m.Summary.SetText("请添加要汇总的报告。" + m.skippedText())
		m.Create.Disable()
		m.Export.Disable()
		m.Table.Refresh()
		return
	}
	in := make([]model.MergeInput, len(m.Sources))
	for i, s := range m.Sources {
		in[i] = model.MergeInput{Source: s.name, Report: s.report, Err: s.err}
	}
	mg, err := model.MergeReports(in, model.MergeOptions{Unit: strings.TrimSpace(m.Unit.Text), IncludeRollups: m.Rollups.Checked})
	if err != nil {
		m.Merge = nil
		m.Summary.SetText(err.Error()) // model errors are the user's message
		m.Summary.Importance = widget.DangerImportance
		m.Create.Disable()
		m.Export.Disable()
		m.Table.Refresh()
		return
	}
	m.Merge = mg
	bad, unread := 0, 0
	for _, u := range mg.Units {
		switch {
		case u.Template == nil:
			unread++
		case u.Errors > 0:
			bad++
		}
	}
	s := fmt.Sprintf("共%d份报告，计入%d份（%d年度，%s）。", len(mg.Units)-mg.Rollups(), mg.Included, mg.Report.Meta.Year, mg.Report.Template().Name)
	if bad > 0 {
		s += fmt.Sprintf("%d个单位的表格有错误，列在最前面，点击一行可查看；", bad)
	}
	if unread > 0 {
		s += fmt.Sprintf("%d个文件无法读取；", unread)
	}
	if n := len(mg.Units) - mg.Included - mg.Rollups(); n > 0 {
		s += fmt.Sprintf("%d份未计入（见“状态”）；", n)
	}
	if n := mg.Rollups(); n > 0 {
		s += fmt.Sprintf("%d份是本程序生成的汇总表，不计入（下级的汇总表要计入时勾选“计入下级汇总表”）；", n)
	}
	s += m.skippedText()
	s += fmt.Sprintf("汇总表：%d个错误，%d个警告。", mg.Result.Errors, mg.Result.Warnings)
	for _, n := range mg.Notes {
		s += "\n提示：" + n.Where + "：" + n.Message
	}
	m.Summary.Importance = widget.MediumImportance
	if bad > 0 || mg.Result.Errors > 0 || mg.Omitted() > 0 {
		m.Summary.Importance = widget.WarningImportance
	}
	m.Summary.SetText(s)
	if mg.Included > 0 {
		m.Create.Enable()
		if m.a.deps.Excel != nil {
			m.Export.Enable()
		}
	} else {
		m.Create.Disable()
		m.Export.Disable()
	}
	m.Table.Refresh()
}

// showUnit lists one unit's own problems.
func (m *MergeView) showUnit(u *model.MergeUnit) {
	var b strings.Builder
	b.WriteString("来源：" + u.Source + "\n状态：" + u.Status.Label())
	if u.Reason != "" {
		b.WriteString("：" + u.Reason)
	}
	if len(u.Findings) > 0 {
		b.WriteString("\n\n该单位报告的检查结果：")
		for i, f := range u.Findings {
			if i == 30 {
				fmt.Fprintf(&b, "\n……共%d条", len(u.Findings))
				break
			}
			b.WriteString("\n" + f.String())
		}
	}
	l := widget.NewLabel(b.String())
	l.Wrapping = fyne.TextWrapWord
	sc := container.NewVScroll(l)
	title := u.Unit
	if title == "" {
		title = u.Source
	}
	var d dialog.Dialog
	remove := widget.NewButton("从汇总中移除", func() {
		d.Hide()
		m.Sources = append(m.Sources[:u.Index:u.Index], m.Sources[u.Index+1:]...)
		m.remerge()
	})
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil,
		container.NewHBox(remove, widget.NewButton("关闭", func() { d.Hide() })), nil, nil, sc), m.Win)
	d.Resize(fyne.NewSize(760, 480))
	d.Show()
}

// chooseDrafts offers the database's drafts with check boxes.
func (m *MergeView) chooseDrafts() {
	infos, err := m.a.deps.Drafts.List()
	if err != nil {
		showErrorText(m.Win, m.a.userMessage(err))
		return
	}
	sort.SliceStable(infos, func(i, j int) bool { return infos[i].Year > infos[j].Year })
	var labels []string
	byLabel := map[string]string{}
	for _, d := range infos {
		if m.has(d.ID) {
			continue
		}
		l := d.Title()
		if d.Final {
			l += "（已定稿）"
		}
		labels = append(labels, l)
		byLabel[l] = d.ID
	}
	if len(labels) == 0 {
		showInfo(m.Win, "添加草稿", "数据文件中没有可添加的草稿。")
		return
	}
	checks := widget.NewCheckGroup(labels, nil)
	all := widget.NewButton("全选", func() { checks.SetSelected(labels) })
	body := container.NewBorder(all, nil, nil, nil, container.NewVScroll(checks))
	d := dialog.NewCustomConfirm("添加草稿", "添加", "取消", body, func(ok bool) {
		if !ok {
			return
		}
		var ids []string
		for _, l := range checks.Selected {
			ids = append(ids, byLabel[l])
		}
		m.AddDrafts(ids)
	}, m.Win)
	d.Resize(fyne.NewSize(520, 480))
	d.Show()
}

func (m *MergeView) chooseFile() {
	askOpenReport(m.Win, func(path string) { m.AddFiles([]string{path}) })
}

// chooseFolder adds every report in a folder and its subfolders.
func (m *MergeView) chooseFolder() {
	askFolder(m.Win, "添加文件夹", m.AddFolder)
}

// AddFolder adds every report file (.xlsx, .docx, .html, .json) in dir and its
// subfolders; the other files are listed under the units with why they
// are not read.
func (m *MergeView) AddFolder(dir string) {
	if m.a.deps.Excel == nil {
		return
	}
	paths, skipped, err := m.a.deps.Excel.ReportFiles(dir)
	if err != nil {
		showErrorText(m.Win, m.a.userMessage(err))
	}
	if !slices.Contains(m.folders, dir) {
		m.folders = append(m.folders, dir)
		m.Skipped = append(m.Skipped, skipped...)
	}
	if m.inFolder == nil {
		m.inFolder = map[string]bool{}
	}
	for _, p := range paths {
		m.inFolder[p] = true
	}
	if len(paths) == 0 {
		m.remerge()
		if err == nil {
			showInfo(m.Win, "添加文件夹", "文件夹“"+dir+"”中没有年报文件（.xlsx、.docx、.html、.json）。")
		}
		return
	}
	m.AddFiles(paths)
}

// skippedText sums up the files of folders that are not read ("" if none).
func (m *MergeView) skippedText() string {
	if len(m.Skipped) == 0 {
		return ""
	}
	convert := 0
	for _, sk := range m.Skipped {
		if sk.Convert {
			convert++
		}
	}
	s := fmt.Sprintf("文件夹中有%d项未读取（列在最后）", len(m.Skipped))
	if convert > 0 {
		s += fmt.Sprintf("，其中%d个表格文件须用 Excel 或 WPS 另存为 .xlsx 后再汇总", convert)
	}
	return s + "。"
}

// Clear empties the list; files still being read are dropped when read.
func (m *MergeView) Clear() {
	m.gen++
	m.pending = nil
	m.Sources = nil
	m.Skipped, m.folders, m.inFolder = nil, nil, nil
	m.remerge()
}

// roll returns the roll-up named as the clerk typed, or "" and a message.
func (m *MergeView) roll() (*model.Report, string) {
	name := strings.TrimSpace(m.Unit.Text)
	if name == "" {
		return nil, "请填写汇总单位名称。"
	}
	if m.Merge == nil || m.Merge.Included == 0 {
		return nil, "没有可以汇总的报告。"
	}
	r := m.Merge.Report.Clone()
	r.Meta.Unit = name
	return r, ""
}

// CreateDraft makes the roll-up a new draft and opens it in the main window.
func (m *MergeView) createDraft() {
	r, msg := m.roll()
	if msg != "" {
		showInfo(m.Win, "生成汇总草稿", msg)
		m.Win.Canvas().Focus(m.Unit)
		return
	}
	info, err := m.a.deps.Drafts.CreateFrom(r)
	if err != nil {
		showErrorText(m.Win, m.a.userMessage(err))
		return
	}
	if err := m.a.OpenDraft(info.ID); err != nil {
		showErrorText(m.Win, m.a.userMessage(err))
		return
	}
	m.a.Ed.Status.SetText(fmt.Sprintf("已生成汇总草稿：%d份报告逐格相加，合计自动计算；文字部分请另行撰写。", m.Merge.Included))
	m.Win.Close()
	m.a.Win.RequestFocus()
}

// CreateDraft is createDraft for tests.
func (m *MergeView) CreateDraft() { m.createDraft() }

func (m *MergeView) exportDialog() {
	r, msg := m.roll()
	if msg != "" {
		showInfo(m.Win, "导出汇总Excel", msg)
		return
	}
	name := fmt.Sprintf("%s%d年度政府信息公开工作年度报告（汇总）.xlsx", r.Meta.Unit, r.Meta.Year)
	askSave(m.Win, "导出汇总Excel", name, []string{".xlsx"}, "Excel 工作簿", func(path string) {
		if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
			path += ".xlsx"
		}
		write, err := m.exporter(path)
		if err != nil {
			showErrorText(m.Win, err.Error())
			return
		}
		was, busy := m.Summary.Text, "正在导出 "+filepath.Base(path)+"……"
		m.Summary.SetText(busy)
		m.a.deps.Async(func() { err = write() }, func() {
			if m.Summary.Text == busy {
				m.Summary.SetText(was)
			}
			if err != nil {
				showErrorText(m.Win, err.Error())
				return
			}
			showInfo(m.Win, "导出汇总Excel", "已导出（含“分单位情况”工作表）："+path)
		})
	})
}

// ExportTo writes the roll-up with its breakdown to path, refusing a path
// that is one of the files, or in one of the folders, being rolled up (as
// `merge -o` does). The error's text is the Chinese message.
func (m *MergeView) ExportTo(path string) error {
	write, err := m.exporter(path)
	if err != nil {
		return err
	}
	return write()
}

// exporter takes, on the UI thread, what the export needs (the roll-up,
// its breakdown, the files and folders rolled up) and returns the writing,
// which touches only that and may run off the UI thread.
func (m *MergeView) exporter(path string) (func() error, error) {
	r, msg := m.roll()
	if msg != "" {
		return nil, errors.New(msg)
	}
	var files []string
	for _, s := range m.Sources {
		if !s.draft {
			files = append(files, s.key)
		}
	}
	folders, merge := slices.Clone(m.folders), m.Merge
	return func() error {
		if msg := m.a.deps.Excel.OutputClash(path, folders, files); msg != "" {
			return errors.New(msg)
		}
		if err := m.a.deps.Excel.ExportMerge(path, r, merge); err != nil {
			return errors.New(m.a.userMessage(err))
		}
		return nil
	}, nil
}

// Dropped adds what is dropped on the window: a folder as 添加文件夹 does,
// report files as 添加文件 does.
func (m *MergeView) Dropped(paths []string) {
	var files []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			m.AddFolder(p)
			continue
		}
		files = append(files, p)
	}
	if len(files) > 0 {
		m.AddFiles(files)
	}
}
