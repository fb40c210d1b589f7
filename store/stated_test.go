package store

import (
	"testing"

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
	wantCode(t, a.Set("t4.review_total", "11"), CodeInvalid)
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
