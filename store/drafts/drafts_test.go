package drafts

import (
	"strings"
	"testing"

	"nianbao/model"
)

func TestCreate(t *testing.T) {
	db := openTest(t, Options{})
	mustCreate(t, db, "某某局", 2024)
	tests := []struct {
		name string
		key  DraftKey
		code model.ErrorCode
		tpl  string
	}{
		{"default format for the year", DraftKey{Unit: "另一局", Year: 2024}, "", "2021"},
		{"2019 format for 2020", DraftKey{Unit: "另一局", Year: 2020}, "", "2019"},
		{"chosen format", DraftKey{Unit: "另一局", Year: 2024, Template: "hybrid"}, "", "hybrid"},
		{"same key", DraftKey{Unit: "某某局", Year: 2024}, model.CodeExists, ""},
		{"same key with spaces", DraftKey{Unit: "  某某局\u3000", Year: 2024}, model.CodeExists, ""},
		{"same unit, other year", DraftKey{Unit: "某某局", Year: 2023}, "", "2021"},
		{"blank unit", DraftKey{Unit: "  ", Year: 2024}, model.CodeInvalid, ""},
		{"bad year", DraftKey{Unit: "某某局", Year: 24}, model.CodeInvalid, ""},
		{"year before any format", DraftKey{Unit: "某某局", Year: 2010}, model.CodeInvalid, ""},
		{"unknown format", DraftKey{Unit: "某某局", Year: 2024, Template: "1999"}, model.CodeInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := db.Create(tt.key)
			wantCode(t, err, tt.code)
			if err != nil {
				if model.ErrorMessage(err) == "" {
					t.Error("no message for the clerk")
				}
				return
			}
			if info.Template != tt.tpl || info.Status != StatusDraft || info.ID == "" {
				t.Errorf("info %+v", info)
			}
			r := mustLoad(t, db, info.ID)
			if r.Meta.Unit != strings.TrimSpace(tt.key.Unit) || r.Meta.Year != tt.key.Year || r.Template().ID != tt.tpl {
				t.Errorf("report meta %+v, template %s", r.Meta, r.Template().ID)
			}
		})
	}
	list, err := db.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range list {
		got = append(got, d.Title()+"/"+d.Template)
	}
	// Newest year first, then by unit (byte order), then format.
	want := "另一局 2024年度/2021 另一局 2024年度/hybrid 某某局 2024年度/2021 某某局 2023年度/2021 另一局 2020年度/2019"
	if strings.Join(got, " ") != want {
		t.Errorf("List:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestCreateFromAndReplace(t *testing.T) {
	db := openTest(t, Options{})
	r := model.NewReport(model.TemplateForYear(2024))
	r.Meta.Unit, r.Meta.Year = "某某局", 2024
	fill(r)
	info, err := db.CreateFrom(r)
	if err != nil {
		t.Fatal(err)
	}
	r.Meta.Contact = "改了调用方的副本" // the store keeps its own copy
	got := mustLoad(t, db, info.ID)
	if got.Meta.Contact != "" {
		t.Error("CreateFrom kept a reference to the caller's report")
	}
	r.Meta.Contact = ""
	if !got.Equal(r) {
		t.Error("content differs")
	}

	// An import into the draft, in another format, is one history entry.
	h := model.NewReport(model.TemplateForYear(2024))
	h.Meta = r.Meta
	_ = h.Set("t3.new_received.natural", "99")
	info, err = db.Replace(info.ID, h)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, db, info.ID); !got.Equal(h) || info.Rev != 1 {
		t.Errorf("after Replace: rev %d, equal %v", info.Rev, got.Equal(h))
	}
	// An open editor now checks edits against the new format.
	cell := "t3.other_no_correction.natural" // in 2021, not in hybrid
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	if err := as.Set(cell, "1"); err != nil {
		t.Fatal(err)
	}
	hy := model.NewReport(mustTemplate(t, "hybrid"))
	hy.Meta = r.Meta
	if _, err := db.Replace(info.ID, hy); err != nil {
		t.Fatal(err)
	}
	wantCode(t, as.Set(cell, "2"), model.CodeInvalid)
	if _, err := db.Replace(info.ID, h); err != nil {
		t.Fatal(err)
	}
	if err := as.Set(cell, "3"); err != nil {
		t.Error(err)
	}
	_ = as.Flush()

	hist, _ := db.History(info.ID)
	if len(hist) != 5 || hist[0].Kind != KindReplace || hist[1].Kind != KindCell || hist[2].Kind != KindReplace {
		t.Errorf("history %+v", hist)
	}
	if before, err := db.StateAt(info.ID, 0); err != nil || !before.Equal(r) {
		t.Errorf("state before the import: %v", err)
	}
}

func mustTemplate(t *testing.T, id string) *model.Template {
	t.Helper()
	tpl, ok := model.LookupTemplate(id)
	if !ok {
		t.Fatalf("no template %s", id)
	}
	return tpl
}

func TestRenameAndDuplicate(t *testing.T) {
	db := openTest(t, Options{})
	a := mustCreate(t, db, "甲局", 2024)
	mustCreate(t, db, "乙局", 2024)
	as, err := db.Autosave(a.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	if err := as.Set("t3.new_received.natural", "12"); err != nil {
		t.Fatal(err)
	}

	_, err = db.Rename(a.ID, "乙局")
	wantCode(t, err, model.CodeExists)
	_, err = db.Rename(a.ID, " ")
	wantCode(t, err, model.CodeInvalid)
	info, err := db.Rename(a.ID, "丙局")
	if err != nil {
		t.Fatal(err)
	}
	if info.Unit != "丙局" || info.Rev != 2 { // the queued edit, then the rename
		t.Errorf("renamed: %+v", info)
	}
	r := mustLoad(t, db, a.ID)
	if r.Meta.Unit != "丙局" || r.Text("t3.new_received.natural") != "12" {
		t.Errorf("after rename: unit %q, cell %q", r.Meta.Unit, r.Text("t3.new_received.natural"))
	}

	dup, err := db.Duplicate(a.ID, DraftKey{Unit: "丁局", Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	d := mustLoad(t, db, dup.ID)
	if dup.From != a.ID || dup.Rev != 0 || d.Meta.Unit != "丁局" || d.Text("t3.new_received.natural") != "12" {
		t.Errorf("duplicate %+v: unit %q", dup, d.Meta.Unit)
	}
	_, err = db.Duplicate(a.ID, DraftKey{Unit: "丙局", Year: 2024})
	wantCode(t, err, model.CodeExists)
	_, err = db.Duplicate(a.ID, DraftKey{Unit: "戊局", Year: 2024, Template: "hybrid"})
	wantCode(t, err, model.CodeInvalid)
	_, err = db.Duplicate("d999999", DraftKey{Unit: "戊局", Year: 2024})
	wantCode(t, err, model.CodeNotFound)
}

func TestDeleteRestorePurge(t *testing.T) {
	db := openTest(t, Options{})
	a := mustCreate(t, db, "甲局", 2024)
	as, err := db.Autosave(a.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	if err := as.Set("t3.new_received.natural", "12"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	// Typing into a deleted draft is refused at once, also after a failed
	// attempt to finalise it.
	wantCode(t, as.Set("t3.new_received.natural", "13"), model.CodeNotFound)
	_, err = db.Finalise(a.ID)
	wantCode(t, err, model.CodeNotFound)
	wantCode(t, as.Set("t3.new_received.natural", "13"), model.CodeNotFound)
	if list, _ := db.List(); len(list) != 0 {
		t.Errorf("List after Delete: %v", list)
	}
	_, _, err = db.Load(a.ID)
	wantCode(t, err, model.CodeNotFound)
	trash, err := db.Trash()
	if err != nil || len(trash) != 1 || trash[0].ID != a.ID || trash[0].Deleted.IsZero() {
		t.Fatalf("Trash: %+v, %v", trash, err)
	}

	// A new draft takes the key meanwhile: restoring asks for a rename.
	b := mustCreate(t, db, "甲局", 2024)
	_, err = db.Restore(a.ID)
	wantCode(t, err, model.CodeExists)
	if !strings.Contains(model.ErrorMessage(err), "改名") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
	if _, err := db.Rename(b.ID, "甲局（新）"); err != nil {
		t.Fatal(err)
	}
	info, err := db.Restore(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Deleted.IsZero() {
		t.Error("restored draft still marked deleted")
	}
	if r := mustLoad(t, db, a.ID); r.Text("t3.new_received.natural") != "12" {
		t.Error("edit before Delete lost")
	}
	if err := as.Set("t3.new_received.natural", "14"); err != nil {
		t.Errorf("typing after Restore: %v", err)
	}
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	// Both edits of the cell fall within the merge window: one entry.
	if hist, _ := db.History(a.ID); len(hist) != 1 || hist[0].Old != "" || hist[0].New != "14" {
		t.Errorf("history after restore: %+v", hist)
	}

	if err := db.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.Purge(b.ID), model.CodeNotFound) // only drafts in the recycle bucket
	if err := db.Purge(a.ID); err != nil {
		t.Fatal(err)
	}
	if trash, _ := db.Trash(); len(trash) != 0 {
		t.Errorf("Trash after Purge: %v", trash)
	}
	_, err = db.Restore(a.ID)
	wantCode(t, err, model.CodeNotFound)
	// IDs are never reused.
	if c := mustCreate(t, db, "己局", 2024); c.ID == a.ID || c.ID == b.ID {
		t.Errorf("ID %s reused", c.ID)
	}
}

func TestRollForward(t *testing.T) {
	db := openTest(t, Options{})
	prev := model.NewReport(model.TemplateForYear(2020))
	prev.Meta = model.Meta{Unit: "某某局", Year: 2020, Scope: model.ScopeGovernment, Date: "2021-01-20",
		IndexNo: "XXX/2021-1", Publisher: "办公室", Contact: "张三", Phone: "0570-1234567"}
	carry := map[string]string{"natural": "12", "commercial": "3", "research": "", "nonprofit": "0", "legal": "1", "other": "两件"}
	for col, v := range carry {
		_ = prev.Set("t3.carry_forward."+col, v)
	}
	_ = prev.Set("t3.new_received.natural", "842")
	prev.Narrative["overview"] = "去年的总体情况"
	prev.Notes["T3-R1.natural"] = "去年的说明"
	src, err := db.CreateFrom(prev)
	if err != nil {
		t.Fatal(err)
	}

	info, err := db.RollForward(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := mustLoad(t, db, info.ID)
	if info.Year != 2021 || info.Template != "2021" || info.From != src.ID || info.Unit != "某某局" {
		t.Errorf("info %+v", info)
	}
	wantMeta := model.Meta{Unit: "某某局", Year: 2021, Scope: model.ScopeGovernment, Publisher: "办公室", Contact: "张三", Phone: "0570-1234567"}
	if r.Meta != wantMeta {
		t.Errorf("meta %+v, want %+v", r.Meta, wantMeta)
	}
	for col, v := range carry {
		if got := r.Text("t3.carried_over." + col); got != v {
			t.Errorf("上年结转 %s = %q, want %q", col, got, v)
		}
	}
	if got, bad := r.Invalid("t3.carried_over.other"); !bad || got != "两件" {
		t.Errorf("invalid text not carried as typed: %q %v", got, bad)
	}
	if r.Text("t3.new_received.natural") != "" || len(r.Narrative) != 0 || len(r.Notes) != 0 {
		t.Error("more than the carried cells came over")
	}

	_, err = db.RollForward(src.ID)
	wantCode(t, err, model.CodeExists)
}
