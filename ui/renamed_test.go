package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"nianbao/model"
	"nianbao/model/modeltest"
)

// The editor takes from the template data everything it names: tab titles,
// where each narrative section is edited, the note under a table, the
// balance row under 表三 and the 插入数字… menu. A copy of 2021 with every
// key renamed (modeltest.Renamed) shows what the real format shows.
func TestEditorRenamedKeys(t *testing.T) {
	orig, _ := model.LookupTemplate("2021")
	ren, err := modeltest.Renamed(orig, "x2021")
	if err != nil {
		t.Fatal(err)
	}
	reports := [2]*model.Report{seed(t), model.NewReport(ren)}
	reports[1].Meta = reports[0].Meta
	for _, c := range orig.Cells() {
		if text := reports[0].Text(c.ID); text != "" && !c.Derived {
			if err := reports[1].Set(modeltest.RenameDotted(c.ID), text); err != nil {
				t.Fatal(err)
			}
		}
	}
	for k, v := range reports[0].Narrative {
		reports[1].Narrative[modeltest.RenameDotted(k)] = v
	}
	var views [2]editorViewed
	for i, r := range reports {
		t.Run(r.Template().ID, func(t *testing.T) { views[i] = editorView(t, r, i == 1) })
	}
	o, r := views[0], views[1]
	if !slices.Equal(o.tabs, r.tabs) || len(o.tabs) != 6 {
		t.Errorf("tabs %q, renamed %q", o.tabs, r.tabs)
	}
	if !slices.Equal(o.menu, r.menu) || len(o.menu) < 30 {
		t.Errorf("插入数字… %q, renamed %q", o.menu, r.menu)
	}
	if !slices.Equal(o.narrative, r.narrative) || len(o.narrative) != len(orig.NarrativeKeys()) {
		t.Errorf("narrative entries %d, renamed %d", len(o.narrative), len(r.narrative))
	}
	if !slices.Equal(o.balance, r.balance) || len(o.balance) != 9 {
		t.Errorf("balance row %q, renamed %q", o.balance, r.balance)
	}
}

// editorViewed is what an editor shows, for TestEditorRenamedKeys.
type editorViewed struct {
	tabs, balance, menu, narrative []string
}

func editorView(t *testing.T, r *model.Report, renamed bool) (v editorViewed) {
	ed, w, _ := newTestEditor(t, r)
	key := "overview.requests"
	if renamed {
		key = modeltest.RenameDotted(key)
	}
	for _, it := range ed.Tabs.Items {
		v.tabs = append(v.tabs, it.Text)
	}
	for _, c := range r.Template().Tables[1].Blocks[0].Columns {
		if b := ed.Balance[c.Key]; b != nil {
			v.balance = append(v.balance, b.Text)
		}
	}
	for _, k := range r.Template().NarrativeKeys() {
		if ed.Narrative[k] != nil {
			v.narrative = append(v.narrative, ed.Narrative[k].Text)
		}
	}
	for _, it := range ed.FigureMenu(key).Items {
		v.menu = append(v.menu, it.Label)
		if it.ChildMenu != nil {
			for _, sub := range it.ChildMenu.Items {
				v.menu = append(v.menu, sub.Label)
			}
		}
	}
	// Typing into 表三 (一、本年新收·自然人) moves its totals and its
	// balance row.
	tb := r.Template().Tables[1]
	row, cols := tb.Blocks[0].Rows[0], tb.Blocks[0].Columns
	typeInto(t, w, ed, r.Template().CellAt(tb, row, cols[0]).ID, "820")
	press(w, fyne.KeyReturn)
	v.balance = append(v.balance, ed.Shown(r.Template().CellAt(tb, row, cols[len(cols)-1]).ID), ed.Balance[cols[0].Key].Text)
	return v
}
