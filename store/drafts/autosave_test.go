package drafts

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"nianbao/model"
)

// TestAutosaveCoalesces types a burst of edits and checks they were
// committed in far fewer transactions, all reported, none lost, and that
// queueing never waited for the disk.
func TestAutosaveCoalesces(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	var (
		mu     sync.Mutex
		events []SaveEvent
	)
	as, err := db.Autosave(info.ID, func(ev SaveEvent) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}

	const n = 1000
	cols := []string{"natural", "commercial", "research", "nonprofit", "legal", "other"}
	var slowest time.Duration
	for i := range n {
		start := time.Now()
		if err := as.Set("t3.new_received."+cols[i%len(cols)], strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
	}
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	if as.Pending() != 0 || as.Last().Committed != n {
		t.Errorf("after Flush: Pending %d, Last %+v", as.Pending(), as.Last())
	}
	// Flush may return before onSave has been told of the last commit;
	// Close waits for it.
	if err := as.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	last := events[len(events)-1]
	if last.Committed != n || last.Pending != 0 || last.Err != nil || last.Saved.IsZero() || last.At.IsZero() {
		t.Errorf("last event %+v", last)
	}
	if !strings.HasPrefix(last.Status(), "已保存 ") {
		t.Errorf("status %q", last.Status())
	}
	if len(events) >= n/2 {
		t.Errorf("%d commits for %d edits: not coalesced", len(events), n)
	}
	r := mustLoad(t, db, info.ID)
	for i := n - len(cols); i < n; i++ {
		if got := r.Text("t3.new_received." + cols[i%len(cols)]); got != strconv.Itoa(i) {
			t.Errorf("%s = %q, want %d", cols[i%len(cols)], got, i)
		}
	}
	t.Logf("%d edits in %d commits; slowest Set %v", n, len(events), slowest)
}

func TestAutosaveRefusesBadEdits(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	tests := []struct {
		name string
		edit Edit
		code model.ErrorCode
	}{
		{"number", Edit{KindCell, "t3.new_received.natural", "１,２３４"}, ""},
		{"not a number: kept", Edit{KindCell, "t3.new_received.natural", "十二"}, ""},
		{"unknown cell", Edit{KindCell, "t9.nothing.natural", "1"}, model.CodeInvalid},
		{"derived total", Edit{KindCell, "t3.new_received.total", "1"}, model.CodeInvalid},
		{"narrative", Edit{KindNarrative, "problems", "问题"}, ""},
		{"unknown narrative", Edit{KindNarrative, "nothing", "x"}, model.CodeInvalid},
		{"note", Edit{KindNote, "T3-R1.natural", "说明"}, ""},
		{"note without key", Edit{KindNote, "", "x"}, model.CodeInvalid},
		{"year", Edit{KindMeta, model.MetaYear, "2024年度"}, ""},
		{"bad year", Edit{KindMeta, model.MetaYear, "二〇二四"}, model.CodeInvalid},
		{"scope", Edit{KindMeta, model.MetaScope, "本行政区域汇总"}, ""},
		{"bad scope", Edit{KindMeta, model.MetaScope, "全国"}, model.CodeInvalid},
		{"unknown field", Edit{KindMeta, "mood", "x"}, model.CodeInvalid},
		{"unknown kind", Edit{Kind("paint"), "x", "x"}, model.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := as.Pending()
			err := as.Apply(tt.edit)
			wantCode(t, err, tt.code)
			// Earlier edits may commit meanwhile: Pending can only fall.
			if err != nil && (as.Pending() > before || model.ErrorMessage(err) == "") {
				t.Errorf("refused edit queued anyway, or no message: %v", err)
			}
		})
	}
	// All or none.
	wantCode(t, as.Apply(Edit{KindNote, "a", "1"}, Edit{KindCell, "t9.x.y", "1"}), model.CodeInvalid)
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	r := mustLoad(t, db, info.ID)
	if got, bad := r.Invalid("t3.new_received.natural"); !bad || got != "十二" {
		t.Errorf("invalid text %q kept: %v", got, bad)
	}
	if r.Notes["a"] != "" || r.Narrative["problems"] != "问题" || r.Meta.Scope != "region" || r.Meta.Year != 2024 {
		t.Errorf("report after edits: %+v, notes %v", r.Meta, r.Notes)
	}
}

// Close, of the autosaver or of the whole store, saves what is queued.
func TestAutosaveCloseFlushes(t *testing.T) {
	for _, closeDB := range []bool{false, true} {
		t.Run(map[bool]string{false: "autosaver", true: "store"}[closeDB], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "drafts.db")
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			info := mustCreate(t, db, "某某局", 2024)
			as, err := db.Autosave(info.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 50 {
				if err := as.SetNote("n"+strconv.Itoa(i), "说明"+strconv.Itoa(i)); err != nil {
					t.Fatal(err)
				}
			}
			if !closeDB {
				if err := as.Close(); err != nil {
					t.Fatal(err)
				}
				wantCode(t, as.Set("t3.new_received.natural", "1"), model.CodeClosed)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			wantCode(t, as.Set("t3.new_received.natural", "1"), model.CodeClosed)
			_, err = db.Autosave(info.ID, nil)
			wantCode(t, err, model.CodeClosed)

			db, err = Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if r := mustLoad(t, db, info.ID); len(r.Notes) != 50 || r.Notes["n49"] != "说明49" {
				t.Errorf("%d notes after reopening", len(r.Notes))
			}
		})
	}
}

// A commit that fails (a full disk) keeps the edits queued, reports the
// error, and saves them once the cause is gone.
func TestAutosaveRetriesAfterFailure(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	var (
		mu     sync.Mutex
		events []SaveEvent
	)
	as, err := db.Autosave(info.ID, func(ev SaveEvent) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}

	diskFull := error(syscall.ENOSPC)
	db.fault.Store(&diskFull)
	if err := as.SetNarrative("overview", "总体情况"); err != nil {
		t.Fatal(err)
	}
	if err := as.Set("t3.new_received.natural", "5"); err != nil {
		t.Fatal(err)
	}
	err = as.Flush()
	wantCode(t, err, model.CodeIO)
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(model.ErrorMessage(err), "磁盘空间") {
		t.Errorf("error %v: message %q", err, model.ErrorMessage(err))
	}
	if as.Pending() != 2 {
		t.Errorf("%d edits pending after the failure, want 2", as.Pending())
	}
	if ev := as.Last(); ev.Err == nil || !strings.HasPrefix(ev.Status(), "保存失败：") {
		t.Errorf("last event %+v, status %q", ev, ev.Status())
	}

	db.fault.Store(nil)
	if err := as.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := as.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustLoad(t, db, info.ID)
	if r.Narrative["overview"] != "总体情况" || r.Text("t3.new_received.natural") != "5" {
		t.Error("edits lost after the failure")
	}
	mu.Lock()
	defer mu.Unlock()
	failed := slices.IndexFunc(events, func(ev SaveEvent) bool { return ev.Err != nil })
	if failed < 0 || events[len(events)-1].Err != nil || events[len(events)-1].Committed != 2 {
		t.Errorf("events %+v", events)
	}
}

// Close gives up on edits it cannot save, and says how many.
func TestAutosaveCloseReportsUnsaved(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	as, _ := db.Autosave(info.ID, nil)
	diskFull := error(syscall.ENOSPC)
	db.fault.Store(&diskFull)
	_ = as.Set("t3.new_received.natural", "5")
	_ = as.Set("t3.new_received.legal", "6")
	err := as.Close()
	wantCode(t, err, model.CodeIO)
	if !strings.Contains(model.ErrorMessage(err), "有 2 处修改未能保存") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
	db.fault.Store(nil)
}

// Two editors of one draft both flush before a status change.
func TestTwoAutosaversOneDraft(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	a, _ := db.Autosave(info.ID, nil)
	b, _ := db.Autosave(info.ID, nil)
	defer a.Close()
	defer b.Close()
	_ = a.Set("t2.license.decisions", "1")
	_ = b.Set("t2.penalty.decisions", "2")
	if _, err := db.Finalise(info.ID); err != nil {
		t.Fatal(err)
	}
	r := mustLoad(t, db, info.ID)
	if r.Text("t2.license.decisions") != "1" || r.Text("t2.penalty.decisions") != "2" {
		t.Error("an editor's edit was lost")
	}
	wantCode(t, b.Set("t3.new_received.commercial", "3"), model.CodeFinal)
}
