package xlsx

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// sheetOut is a worksheet built in memory and then streamed out in one
// pass. The stream writer is used, rather than SetCellValue, because it is
// the only excelize API that stores a formula together with a *numeric*
// cached value (SetCellFormula marks the cell t="str"): a reader that does
// not recalculate, such as the roll-up program of the office above, must
// see a number.
type sheetOut struct {
	name    string
	rows    [][]cellOut
	heights map[int]float64 // 0-based row → points
	widths  []float64       // 0-based column → Excel width units
	hidden  map[int]bool    // hidden columns
	merges  [][4]int        // r1, c1, r2, c2, 0-based inclusive

	freezeRows, freezeCols int

	// Applied with the ordinary API just before the stream is flushed.
	validations []*excelize.DataValidation
	comments    []excelize.Comment
	protect     bool
	landscape   bool
	fitHeight   int // pages tall; 0 = as many as needed
	footer      string
	veryHidden  bool // set by build before any sheet is streamed
}

type cellOut struct {
	v     any    // nil, int64, float64 or string
	f     string // formula without "="
	style int
	set   bool
}

func newSheet(name string) *sheetOut {
	return &sheetOut{name: name, heights: map[int]float64{}, hidden: map[int]bool{}, fitHeight: 1}
}

func (s *sheetOut) cell(r, c int) *cellOut {
	for len(s.rows) <= r {
		s.rows = append(s.rows, nil)
	}
	for len(s.rows[r]) <= c {
		s.rows[r] = append(s.rows[r], cellOut{})
	}
	return &s.rows[r][c]
}

// put writes a value (nil for a styled empty cell).
func (s *sheetOut) put(r, c int, v any, style int) {
	*s.cell(r, c) = cellOut{v: v, style: style, set: true}
}

// putFormula writes a total: its cached value and its formula.
func (s *sheetOut) putFormula(r, c int, v any, formula string, style int) {
	*s.cell(r, c) = cellOut{v: v, f: formula, style: style, set: true}
}

// area writes text into the top-left cell of a rectangle, styles every cell
// of it (so merged borders are drawn whole) and merges it if it is larger
// than one cell.
func (s *sheetOut) area(r1, c1, r2, c2 int, v any, style int) {
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			s.put(r, c, nil, style)
		}
	}
	s.cell(r1, c1).v = v
	if r1 != r2 || c1 != c2 {
		s.merges = append(s.merges, [4]int{r1, c1, r2, c2})
	}
}

func (s *sheetOut) width(c int, w float64) {
	for len(s.widths) <= c {
		s.widths = append(s.widths, 0)
	}
	s.widths[c] = w
}

// height sets a row's height, keeping the larger of two requests.
func (s *sheetOut) height(r int, pt float64) {
	if pt > s.heights[r] {
		s.heights[r] = min(pt, excelize.MaxRowHeight)
	}
}

func cellName(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

// write streams the sheet into f. The stream writer serialises the rest of
// the worksheet (validations, page setup, protection…) when it is flushed,
// from the same worksheet object the ordinary API edits, so those are
// applied between the rows and Flush; sheet properties are written when the
// stream starts, so they come first.
func (s *sheetOut) write(f *excelize.File) error {
	yes := true
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for c, w := range s.widths {
		if w > 0 {
			if err := sw.SetColWidth(c+1, c+1, w); err != nil {
				return err
			}
		}
	}
	for c := range s.hidden {
		if err := sw.SetColVisible(c+1, c+1, false); err != nil {
			return err
		}
	}
	if s.freezeRows > 0 || s.freezeCols > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: s.freezeCols, YSplit: s.freezeRows,
			TopLeftCell: cellName(s.freezeRows, s.freezeCols), ActivePane: activePane(s.freezeRows, s.freezeCols)}); err != nil {
			return err
		}
	}
	for r := range max(len(s.rows), maxKey(s.heights)+1) {
		var row []cellOut
		if r < len(s.rows) {
			row = s.rows[r]
		}
		vals := make([]any, len(row))
		for c, co := range row {
			if co.set {
				vals[c] = excelize.Cell{StyleID: co.style, Value: co.v, Formula: co.f}
			}
		}
		var opts []excelize.RowOpts
		if h := s.heights[r]; h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if len(vals) == 0 && len(opts) == 0 {
			continue
		}
		if err := sw.SetRow(cellName(r, 0), vals, opts...); err != nil {
			return fmt.Errorf("row %d: %w", r+1, err)
		}
	}
	// In reading order, whatever order the sheet was drawn in.
	slices.SortFunc(s.merges, func(a, b [4]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	for _, m := range s.merges {
		if err := sw.MergeCell(cellName(m[0], m[1]), cellName(m[2], m[3])); err != nil {
			return err
		}
	}
	for _, dv := range s.validations {
		if err := f.AddDataValidation(s.name, dv); err != nil {
			return err
		}
	}
	for _, c := range s.comments {
		if err := f.AddComment(s.name, c); err != nil {
			return err
		}
	}
	if err := s.pageSetup(f); err != nil {
		return err
	}
	if s.protect {
		// No password: protection here is a deterrent against overwriting
		// labels and totals by accident, not a security measure (see doc.go).
		if err := f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true,
			FormatColumns: true, FormatRows: true,
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func activePane(rows, cols int) string {
	switch {
	case rows > 0 && cols > 0:
		return "bottomRight"
	case rows > 0:
		return "bottomLeft"
	}
	return "topRight"
}

// pageSetup: A4, fitted to one page wide (and fitHeight pages tall), centred,
// with a footer naming the report so loose printed pages can be matched.
func (s *sheetOut) pageSetup(f *excelize.File) error {
	size, orient := 9, "portrait" // 9 = A4
	if s.landscape {
		orient = "landscape"
	}
	one, tall := 1, s.fitHeight
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	yes := true
	lr, tb, hf := 0.5, 0.6, 0.3
	if err := f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr,
		Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &yes}); err != nil {
		return err
	}
	if s.footer != "" {
		return f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: s.footer})
	}
	return nil
}

func maxKey(m map[int]float64) int {
	k := -1
	for r := range m {
		k = max(k, r)
	}
	return k
}
