package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// Sheet names of an export. Import does not rely on them (it finds tables
// by their labels), but it does skip the hidden marker sheet.
const (
	sheetCover     = "基本信息"
	sheetNarrative = "文字部分"
	sheetMarker    = "_nianbao"
)

// ExportOptions are the details of an export that are not part of the
// report.
type ExportOptions struct {
	// AppVersion is printed on the cover and stored in the marker sheet,
	// e.g. "年报助手 1.2.0".
	AppVersion string
	// ExportedAt is printed on the cover; zero means now. Tests set it so
	// the workbook is reproducible.
	ExportedAt time.Time
	// Prev is last year's report of the same unit, if known: the cover then
	// lists the cross-year checks too.
	Prev *model.Report
	// Breakdown, for a roll-up (汇总), adds the sheet 分单位情况 after the
	// tables: each unit's key figures, own check and status (see
	// model.MergeReports). The report exported should be Breakdown.Report.
	Breakdown *model.Merge
}

// exporter carries what every sheet of one export needs.
type exporter struct {
	r       *model.Report
	res     *model.Result
	opts    ExportOptions
	st      *styles
	cells   map[cellKey]*model.Cell
	dv      map[string]*excelize.DataValidation
	dvCells map[*excelize.DataValidation][]pos
	stated  []model.CellID // totals kept as the imported file stated them
}

type cellKey struct {
	row *model.Row
	col *model.Column
}

// Export writes r as an xlsx workbook laid out like the official tables:
// a cover with the 基本信息 and the check results, 表二, 表三 and 表四 on
// their own sheets, the narrative sections, and a hidden marker sheet by
// which Import recognises its own files.
func Export(w io.Writer, r *model.Report, opts ExportOptions) (err error) {
	const msg = "生成Excel文件时出错"
	defer recoverPanic("", msg, model.CodeInternal, &err)
	f, err := build(r, opts)
	if f != nil {
		defer f.Close()
	}
	if err != nil {
		return &model.Failure{Code: model.CodeInternal, Msg: msg, Err: err}
	}
	if err := f.Write(w); err != nil {
		return &model.Failure{Code: model.CodeIO, Msg: "写入Excel文件时出错", Err: fmt.Errorf("write xlsx: %w", err)}
	}
	return nil
}

func build(r *model.Report, opts ExportOptions) (*excelize.File, error) {
	if r == nil || r.Template() == nil {
		return nil, fmt.Errorf("no report")
	}
	if opts.ExportedAt.IsZero() {
		opts.ExportedAt = time.Now()
	}
	f := excelize.NewFile()
	// The default font sets the width unit of every column (the width of
	// "0"); 宋体 gives Chinese Excel and WPS the same unit as Calibri does
	// and renders numbers in a Chinese face.
	if err := f.SetDefaultFont(fontTable); err != nil {
		return f, fmt.Errorf("default font: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return f, fmt.Errorf("styles: %w", err)
	}
	x := &exporter{r: r, res: r.Evaluate(opts.Prev), opts: opts, st: st,
		cells: map[cellKey]*model.Cell{}, dv: map[string]*excelize.DataValidation{},
		dvCells: map[*excelize.DataValidation][]pos{}}
	for _, c := range r.Template().Cells() {
		x.cells[cellKey{c.Row, c.Col}] = c
	}

	// Tables first: they decide which totals are kept as stated, which the
	// marker records; the cover comes first in the workbook all the same.
	var sheets []*sheetOut
	for _, tb := range r.Template().Tables {
		sheets = append(sheets, x.tableSheet(tb))
	}
	sheets = append([]*sheetOut{x.coverSheet()}, sheets...)
	if opts.Breakdown != nil {
		sheets = append(sheets, x.breakdownSheet(opts.Breakdown))
	}
	sheets = append(sheets, x.narrativeSheet(), x.markerSheet())

	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return f, fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	// Visibility and the active tab touch every worksheet; done before any
	// sheet is streamed, they cost nothing (after, each streamed sheet
	// would be parsed back from XML).
	f.SetActiveSheet(0)
	for _, s := range sheets {
		if s.veryHidden {
			if err := f.SetSheetVisible(s.name, false, true); err != nil {
				return f, fmt.Errorf("sheet %s: %w", s.name, err)
			}
		}
	}
	for _, s := range sheets {
		if err := s.write(f); err != nil {
			return f, fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	yes := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
		return f, fmt.Errorf("calc props: %w", err)
	}
	created := opts.ExportedAt.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          x.reportTitle(),
		Subject:        "政府信息公开工作年度报告",
		Creator:        opts.AppVersion,
		LastModifiedBy: opts.AppVersion,
		Created:        created,
		Modified:       created,
		Language:       "zh-CN",
	}); err != nil {
		return f, fmt.Errorf("doc props: %w", err)
	}
	return f, nil
}

// reportTitle: 衢州市人民政府办公室2022年度政府信息公开工作年度报告.
func (x *exporter) reportTitle() string {
	t := "政府信息公开工作年度报告"
	if y := x.r.Meta.Year; y > 0 {
		t = strconv.Itoa(y) + "年度" + t
	}
	return x.r.Meta.Unit + t
}

func (x *exporter) subtitle() string {
	year := ""
	if x.r.Meta.Year > 0 {
		year = strconv.Itoa(x.r.Meta.Year) + "年度"
	}
	return "填报单位：" + x.r.Meta.Unit + "　　　　报告年度：" + year
}

// footer is printed on every page so loose sheets can be matched: the
// report's title and the sheet name. "&" starts a code in Excel footers.
func (x *exporter) footer() string {
	return "&C&9" + strings.ReplaceAll(x.reportTitle(), "&", "&&") + "　&A"
}
