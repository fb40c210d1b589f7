package drafts

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// TestHistoryMergeAndReplay edits a draft step by step and checks the
// entries written, then that every kept revision replays to the state the
// draft had then.
func TestHistoryMergeAndReplay(t *testing.T) {
	clk := newClock()
	db := openTest(t, Options{Now: clk.Now, MergeWindow: time.Minute, Author: "张三"})
	info := mustCreate(t, db, "某某局", 2024)
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()

	states := map[uint64]*model.Report{0: mustLoad(t, db, info.ID)}
	steps := []struct {
		wait time.Duration
		edit Edit
		rev  uint64 // the draft's revision afterwards
	}{
		{0, Edit{KindCell, "t3.new_received.natural", "1"}, 1},
		{10 * time.Second, Edit{KindCell, "t3.new_received.natural", "12"}, 1}, // merged
		{10 * time.Second, Edit{KindCell, "t3.new_received.commercial", "3"}, 2},
		{10 * time.Second, Edit{KindCell, "t3.new_received.natural", "123"}, 3}, // another field came between
		{5 * time.Minute, Edit{KindCell, "t3.new_received.natural", "1234"}, 4}, // outside the window
		{10 * time.Second, Edit{KindCell, "t3.new_received.natural", "123"}, 3}, // typed back: entry gone
		{10 * time.Second, Edit{KindCell, "t3.new_received.natural", "123"}, 3}, // no change, no entry
		{0, Edit{KindNarrative, "overview", "总体情况"}, 4},
		{0, Edit{KindMeta, model.MetaContact, "张三"}, 5},
		{0, Edit{KindNote, "T3-R1.natural", "说明"}, 6},
		{0, Edit{KindMeta, model.MetaYear, "２０２５年"}, 7},
		{0, Edit{KindMeta, model.MetaScope, "本级政府"}, 8},
		{0, Edit{KindCell, "t3.new_received.legal", "十二"}, 9}, // kept as typed
		{0, Edit{KindNarrative, "overview", ""}, 10},
	}
	for i, s := range steps {
		clk.Advance(s.wait)
		if err := as.Apply(s.edit); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if err := as.Flush(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		r, info, err := db.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if info.Rev != s.rev {
			t.Fatalf("step %d (%+v): revision %d, want %d", i, s.edit, info.Rev, s.rev)
		}
		states[info.Rev] = r
	}

	hist, err := db.History(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hist {
		if h.Author != "张三" || h.Time.IsZero() {
			t.Errorf("entry %d: author %q, time %v", h.Seq, h.Author, h.Time)
		}
		got = append(got, fmt.Sprintf("%d %s %s %q→%q", h.Seq, h.Kind, h.Key, h.Old, h.New))
	}
	want := []string{
		`1 cell t3.new_received.natural ""→"12"`,
		`2 cell t3.new_received.commercial ""→"3"`,
		`3 cell t3.new_received.natural "12"→"123"`,
		`4 narrative overview ""→"总体情况"`,
		`5 meta contact ""→"张三"`,
		`6 note T3-R1.natural ""→"说明"`,
		`7 meta year "2024"→"2025"`,
		`8 meta scope "agency"→"government"`,
		`9 cell t3.new_received.legal ""→"十二"`,
		`10 narrative overview "总体情况"→""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if hist[6].Time.Sub(hist[0].Time) != 5*time.Minute+40*time.Second {
		t.Errorf("entry times: %v … %v", hist[0].Time, hist[6].Time)
	}
	for rev, want := range states {
		got, err := db.StateAt(info.ID, rev)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("state at revision %d differs", rev)
		}
	}
	_, err = db.StateAt(info.ID, 11)
	wantCode(t, err, model.CodeNotFound)
	if info, _ := db.Info(info.ID); info.Year != 2025 {
		t.Errorf("info year %d after editing 报告年度", info.Year)
	}
}

func TestRestoreRevision(t *testing.T) {
	db := openTest(t, Options{MergeWindow: -1})
	info := mustCreate(t, db, "某某局", 2024)
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	for i := 1; i <= 5; i++ {
		if err := as.Set("t3.new_received.natural", strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	as.Flush()
	at2, _ := db.StateAt(info.ID, 2)
	if at2.Text("t3.new_received.natural") != "2" {
		t.Fatalf("state at 2: %q", at2.Text("t3.new_received.natural"))
	}
	// An edit still queued is saved before the restore, not lost.
	if err := as.Set("t3.new_received.commercial", "9"); err != nil {
		t.Fatal(err)
	}
	info, err = db.RestoreRevision(info.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if info.Rev != 7 {
		t.Errorf("revision after restore %d, want 7", info.Rev)
	}
	if r := mustLoad(t, db, info.ID); !r.Equal(at2) {
		t.Error("restored content differs from the state at revision 2")
	}
	hist, _ := db.History(info.ID)
	if last := hist[len(hist)-1]; last.Kind != KindRestore || last.New != "2" || !strings.Contains(last.Describe(nil), "第 2 次") {
		t.Errorf("restore entry %+v", last)
	}
	// The restore itself can be undone.
	if _, err := db.RestoreRevision(info.ID, 6); err != nil {
		t.Fatal(err)
	}
	if r := mustLoad(t, db, info.ID); r.Text("t3.new_received.natural") != "5" || r.Text("t3.new_received.commercial") != "9" {
		t.Error("undoing the restore did not bring the edits back")
	}
	_, err = db.RestoreRevision(info.ID, 99)
	wantCode(t, err, model.CodeNotFound)
}

// TestHistoryPruning checks that history stays bounded and that every kept
// revision still replays correctly after pruning.
func TestHistoryPruning(t *testing.T) {
	const limit, every, edits = 50, 10, 500
	db := openTest(t, Options{MaxRevisions: limit, SnapshotEvery: every, MergeWindow: -1})
	info := mustCreate(t, db, "某某局", 2024)
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()

	cols := []string{"natural", "commercial", "research", "nonprofit", "legal", "other"}
	expect := mustLoad(t, db, info.ID)
	states := map[uint64]*model.Report{}
	for i := range edits {
		cell := "t3.new_received." + cols[i%len(cols)]
		if err := as.Set(cell, strconv.Itoa(i+1)); err != nil {
			t.Fatal(err)
		}
		_ = expect.Set(cell, strconv.Itoa(i+1))
		states[uint64(i+1)] = expect.Clone()
		if i%7 == 0 { // commits of different sizes
			if err := as.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	info, _ = db.Info(info.ID)
	hist, _ := db.History(info.ID)
	if info.Rev != edits || len(hist) < limit || len(hist) > limit+limit/10 {
		t.Fatalf("revision %d, %d entries kept (limit %d)", info.Rev, len(hist), limit)
	}
	if info.Oldest != info.Rev-uint64(len(hist)) || hist[0].Seq != info.Oldest+1 {
		t.Errorf("oldest %d, first entry %d, %d entries", info.Oldest, hist[0].Seq, len(hist))
	}
	for rev := info.Oldest; rev <= info.Rev; rev++ {
		got, err := db.StateAt(info.ID, rev)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(states[rev]) {
			t.Fatalf("state at %d differs after pruning", rev)
		}
	}
	_, err = db.StateAt(info.ID, info.Oldest-1)
	wantCode(t, err, model.CodeNotFound)

	var snaps int
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		snaps = tx.Bucket(bucketDrafts).Bucket([]byte(info.ID)).Bucket(bucketSnap).Stats().KeyN
		return nil
	})
	if max := (limit+limit/10)/every + 2; snaps > max {
		t.Errorf("%d snapshots kept, want at most %d", snaps, max)
	}
	t.Logf("%d edits: %d entries and %d snapshots kept, revisions %d…%d restorable", edits, len(hist), snaps, info.Oldest, info.Rev)
}

func TestFinaliseAndUnlock(t *testing.T) {
	db := openTest(t, Options{Author: "李四"})
	info := mustCreate(t, db, "某某局", 2024)
	var events []SaveEvent
	as, err := db.Autosave(info.ID, func(ev SaveEvent) { events = append(events, ev) })
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	if err := as.Set("t3.new_received.natural", "8"); err != nil {
		t.Fatal(err)
	}
	// Not while the tables have errors (T3-R1 here): the store holds this,
	// whatever the menu does.
	_, err = db.Finalise(info.ID)
	wantCode(t, err, model.CodeInvalid)
	if !strings.Contains(model.ErrorMessage(err), "还有 1 个错误") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
	if got, _ := db.Info(info.ID); got.Status != StatusDraft {
		t.Fatalf("status %q after a refused 定稿", got.Status)
	}
	if err := as.Set("t3.granted.natural", "8"); err != nil {
		t.Fatal(err)
	}
	// Finalise saves what was typed before it.
	info, err = db.Finalise(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != StatusFinal || info.FinalisedBy != "李四" || info.FinalisedAt.IsZero() {
		t.Errorf("after Finalise: %+v", info)
	}
	if r := mustLoad(t, db, info.ID); r.Text("t3.new_received.natural") != "8" {
		t.Error("the edit typed before 定稿 was lost")
	}
	if _, err := db.Finalise(info.ID); err != nil {
		t.Errorf("Finalise again: %v", err)
	}

	err = as.Set("t3.new_received.natural", "9")
	wantCode(t, err, model.CodeFinal)
	if !strings.Contains(model.ErrorMessage(err), "已定稿") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
	r := mustLoad(t, db, info.ID)
	refused := []struct {
		name string
		err  error
	}{
		{"Rename", second(db.Rename(info.ID, "别的局"))},
		{"Replace", second(db.Replace(info.ID, r))},
		{"RestoreRevision", second(db.RestoreRevision(info.ID, 0))},
		{"Delete", db.Delete(info.ID)},
	}
	for _, tt := range refused {
		if model.ErrorCodeOf(tt.err) != model.CodeFinal {
			t.Errorf("%s on a final draft: %v", tt.name, tt.err)
		}
	}
	// A second editor opened on the final draft refuses edits too.
	as2, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, as2.Set("t3.new_received.natural", "9"), model.CodeFinal)
	as2.Close()

	for _, reason := range []string{"", " \u3000"} {
		_, err := db.Unlock(info.ID, reason)
		wantCode(t, err, model.CodeInvalid)
	}
	info, err = db.Unlock(info.ID, "上级要求修改表三")
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != StatusDraft || !info.FinalisedAt.IsZero() {
		t.Errorf("after Unlock: %+v", info)
	}
	if err := as.Set("t3.new_received.natural", "9"); err != nil {
		t.Errorf("typing after Unlock: %v", err)
	}
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	hist, _ := db.History(info.ID)
	var kinds []string
	for _, h := range hist {
		kinds = append(kinds, string(h.Kind))
	}
	if strings.Join(kinds, " ") != "cell cell final unlock cell" {
		t.Errorf("history kinds: %v", kinds)
	}
	if u := hist[3]; u.Reason != "上级要求修改表三" || u.Author != "李四" || u.Describe(nil) != "解除定稿，原因：上级要求修改表三" {
		t.Errorf("unlock entry %+v", u)
	}
}

func second[T any](_ T, err error) error { return err }

func TestRevisionDescribe(t *testing.T) {
	tpl := model.TemplateForYear(2024)
	tests := []struct {
		rev  Revision
		want string
	}{
		{Revision{Kind: KindCell, Key: "t3.new_received.natural", Old: "12", New: "15"}, "表三·一、本年新收·自然人：12 → 15"},
		{Revision{Kind: KindCell, Key: "t3.new_received.natural", Old: "", New: "15"}, "表三·一、本年新收·自然人：（空） → 15"},
		{Revision{Kind: KindMeta, Key: model.MetaScope, Old: "agency", New: "region"}, "基本信息·报告范围：本机关 → 本行政区域汇总"},
		{Revision{Kind: KindMeta, Key: model.MetaUnit, Old: "甲", New: "乙"}, "基本信息·单位名称：甲 → 乙"},
		{Revision{Kind: KindNarrative, Key: "overview", New: "一二三"}, "文字·一、总体情况：修改了文字（3 字）"},
		{Revision{Kind: KindFinal}, "定稿"},
	}
	for _, tt := range tests {
		if got := tt.rev.Describe(tpl); got != tt.want {
			t.Errorf("Describe(%+v) = %q, want %q", tt.rev, got, tt.want)
		}
	}
}
