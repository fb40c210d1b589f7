package drafts

import (
	"testing"
	"time"

	"nianbao/model"
)

// An imported report keeps its stated totals; a blank edit of a total drops
// the statement (采用计算值) and survives reopening; a total is never typed.
func TestStatedTotalEdits(t *testing.T) {
	db := openTest(t, Options{})
	r := model.NewReport(model.TemplateForYear(2023))
	r.Meta = model.Meta{Unit: "某局", Year: 2023}
	for id, text := range map[string]string{"t4.review_maintain": "5", "t4.review_correct": "6"} {
		if err := r.Set(id, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.SetStated("t4.review_total", "0"); err != nil {
		t.Fatal(err)
	}
	info, err := db.CreateFrom(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, db, info.ID); !got.Stated("t4.review_total") {
		t.Fatal("the stated total was not stored")
	}
	a, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, a.Set("t4.review_total", "11"), model.CodeInvalid)
	if err := a.Set("t4.review_total", ""); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	got := mustLoad(t, db, info.ID)
	if got.Stated("t4.review_total") || got.Evaluate(nil).Value("t4.review_total") != 11 {
		t.Errorf("statement kept: %v", got.Stated("t4.review_total"))
	}
}

// Undoing 采用计算值 puts the statement back: saved as a stated edit, it
// survives reopening and replays from history; a stated edit is refused
// on a typed cell or blank.
func TestStatedTotalPutBack(t *testing.T) {
	db := openTest(t, Options{})
	r, info, a := statedDraft(t, db)
	wantCode(t, a.SetStated("t4.review_maintain", "3"), model.CodeInvalid)
	wantCode(t, a.SetStated("t4.review_total", " "), model.CodeInvalid)
	// A part typed drops the statement; undone, the part and then the
	// statement are put back.
	for _, e := range []error{a.Set("t4.review_maintain", "9"), a.Set("t4.review_maintain", "5"), a.SetStated("t4.review_total", "0")} {
		if e != nil {
			t.Fatal(e)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	got := mustLoad(t, db, info.ID)
	if !got.Stated("t4.review_total") || got.Text("t4.review_total") != "0" || got.Text("t4.review_maintain") != "5" {
		t.Fatalf("after reopening: stated %v, total %q, part %q", got.Stated("t4.review_total"), got.Text("t4.review_total"), got.Text("t4.review_maintain"))
	}
	// The history replays to the same state, and names the total.
	revs, err := db.History(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := revs[len(revs)-1]
	if last.Kind != KindStated || last.Describe(r.Template()) != "表四·行政复议总计：（空） → 0" {
		t.Errorf("last revision %+v: %q", last, last.Describe(r.Template()))
	}
	at, err := db.StateAt(info.ID, last.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if !at.Stated("t4.review_total") || at.Text("t4.review_total") != "0" {
		t.Errorf("replayed: stated %v, total %q", at.Stated("t4.review_total"), at.Text("t4.review_total"))
	}
}

// A part typed and typed back (merged away in the history) still dropped
// the total a file stated: the history says so in an entry of its own,
// and its latest state is the saved draft.
func TestDroppedStatementInHistory(t *testing.T) {
	db := openTest(t, Options{MergeWindow: time.Minute})
	_, info, a := statedDraft(t, db)
	for _, e := range []error{a.Set("t4.review_maintain", "9"), a.Set("t4.review_maintain", "5"), a.SetNarrative("overview", "x")} {
		if e != nil {
			t.Fatal(e)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	saved := mustLoad(t, db, info.ID)
	revs, err := db.History(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	at, err := db.StateAt(info.ID, revs[len(revs)-1].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Stated("t4.review_total") || at.Stated("t4.review_total") {
		t.Errorf("statement: saved %v, history's latest state %v; want neither", saved.Stated("t4.review_total"), at.Stated("t4.review_total"))
	}
	var said bool
	for _, rev := range revs {
		said = said || rev.Kind == KindCell && rev.Key == "t4.review_total" && rev.Old == "0" && rev.New == ""
	}
	if !said {
		t.Errorf("no history entry for the dropped statement: %+v", revs)
	}
}

// statedDraft is a draft whose 表四 行政复议 总计 is 0 as its file stated
// it, over a part of 5, open for editing.
func statedDraft(t *testing.T, db *DB) (*model.Report, DraftInfo, *Autosaver) {
	t.Helper()
	r := model.NewReport(model.TemplateForYear(2023))
	r.Meta = model.Meta{Unit: "某局", Year: 2023}
	_ = r.Set("t4.review_maintain", "5")
	if err := r.SetStated("t4.review_total", "0"); err != nil {
		t.Fatal(err)
	}
	info, err := db.CreateFrom(r)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r, info, a
}
