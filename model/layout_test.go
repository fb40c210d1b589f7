package model

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateLayout = flag.Bool("update-layout", false, "rewrite testdata/layout-*.golden")

// TestLayoutCoversGrid: every grid position belongs to exactly one slot,
// every cell of the table has exactly one value slot, and the shape agrees
// with LabelDepth, DataWidth and HeadDepth.
func TestLayoutCoversGrid(t *testing.T) {
	for _, tpl := range Templates() {
		for _, tb := range tpl.Tables {
			t.Run(tpl.ID+"/"+tb.ID, func(t *testing.T) {
				l := tb.Layout()
				if l.Cols != tb.LabelDepth()+tb.DataWidth() || l.LabelCols != tb.LabelDepth() {
					t.Fatalf("shape %d cols, %d label cols", l.Cols, l.LabelCols)
				}
				seen := make([]int, l.Rows*l.Cols)
				for i, s := range l.Slots {
					if s.RowSpan < 1 || s.ColSpan < 1 {
						t.Fatalf("slot %d (%q) has span %dx%d", i, s.Text, s.RowSpan, s.ColSpan)
					}
					for r := s.Row; r < s.Row+s.RowSpan; r++ {
						for c := s.Col; c < s.Col+s.ColSpan; c++ {
							if r >= l.Rows || c >= l.Cols {
								t.Fatalf("slot %d (%q) leaves the grid at %d,%d", i, s.Text, r, c)
							}
							seen[r*l.Cols+c]++
							if got := l.At(r, c); got != i {
								t.Errorf("At(%d,%d) = %d, want %d", r, c, got, i)
							}
						}
					}
				}
				for p, n := range seen {
					if n != 1 {
						t.Errorf("position %d,%d covered %d times", p/l.Cols, p%l.Cols, n)
					}
				}
				cells := map[CellID]int{}
				for _, s := range l.Slots {
					if s.IsValue() {
						cells[s.Cell.ID]++
						if (s.Role == RoleTotal) != s.Cell.Derived {
							t.Errorf("%s: role %d, derived %v", s.Cell.ID, s.Role, s.Cell.Derived)
						}
					}
				}
				for _, c := range tpl.Cells() {
					if c.Table == tb && cells[c.ID] != 1 {
						t.Errorf("%s appears %d times", c.ID, cells[c.ID])
					}
					if c.Table == tb && l.SlotOf(c.ID) < 0 {
						t.Errorf("SlotOf(%s) not found", c.ID)
					}
				}
				for _, bs := range l.Blocks {
					if bs.Body-bs.Head != bs.Block.HeadDepth() || bs.End-bs.Body != len(bs.Block.Rows) {
						t.Errorf("block %q spans head %d..%d body ..%d", bs.Block.Caption, bs.Head, bs.Body, bs.End)
					}
				}
			})
		}
	}
}

// TestLayoutGolden freezes the layout of every table of every template as
// text: one line per slot.
func TestLayoutGolden(t *testing.T) {
	for _, tpl := range Templates() {
		t.Run(tpl.ID, func(t *testing.T) {
			var b strings.Builder
			for _, tb := range tpl.Tables {
				l := tb.Layout()
				fmt.Fprintf(&b, "%s %dx%d labels=%d vertical=%v\n", tb.ID, l.Rows, l.Cols, l.LabelCols, l.Vertical)
				for _, s := range l.Slots {
					text := s.Text
					if s.Cell != nil {
						text = s.Cell.ID
					}
					flags := ""
					if s.Vertical {
						flags += " vertical"
					}
					if s.Note {
						flags += " note"
					}
					fmt.Fprintf(&b, "  r%d c%d %dx%d %-7s %s%s\n", s.Row, s.Col, s.RowSpan, s.ColSpan, roleNames[s.Role], text, flags)
				}
			}
			path := filepath.Join("testdata", "layout-"+tpl.ID+".golden")
			if *updateLayout {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update-layout to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("layout of %s differs from %s (run with -update-layout after checking):\n%s", tpl.ID, path, b.String())
			}
		})
	}
}

var roleNames = map[Role]string{RoleCaption: "caption", RoleCorner: "corner", RoleHead: "head",
	RoleGroup: "group", RoleLabel: "label", RoleInput: "input", RoleTotal: "total"}

func TestLayoutTable3(t *testing.T) {
	tpl, _ := LookupTemplate("2021")
	tb := tpl.Table("t3")
	l := tb.Layout()
	// 3 head rows and 25 body rows; 3 label columns and 7 values.
	if l.Rows != 28 || l.Cols != 10 {
		t.Fatalf("表三 is %dx%d, want 28x10", l.Rows, l.Cols)
	}
	if !l.Vertical[0] || l.Vertical[1] {
		t.Errorf("vertical = %v, want only 三、本年度办理结果", l.Vertical)
	}
	s := l.Slots[l.At(5, 0)]
	if s.Role != RoleGroup || s.Text != "三、本年度办理结果" || s.RowSpan != 22 || !s.Vertical {
		t.Errorf("slot at r5 c0 = %+v", s)
	}
	corner := l.Slots[l.At(0, 0)]
	if corner.Role != RoleCorner || !corner.Note || corner.RowSpan != 3 || corner.ColSpan != 3 {
		t.Errorf("corner = %+v", corner)
	}
	// 一、本年新收 spans the three label columns.
	if s := l.Slots[l.At(3, 1)]; s.Role != RoleLabel || s.Col != 0 || s.ColSpan != 3 {
		t.Errorf("row 一 label = %+v", s)
	}
}
