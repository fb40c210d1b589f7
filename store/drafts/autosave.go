package drafts

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// An Autosaver saves one draft's edits as they are typed. Set and the
// other methods only queue the edit and return at once, so typing never
// waits for the disk; a goroutine commits everything queued meanwhile in
// one fsynced bbolt transaction, then the next lot. A burst of keystrokes
// thus costs a few commits, not one each, and each commit is durable when
// reported.
//
// If a commit fails (disk full, I/O error) the edits stay queued, in
// order, and are retried with a growing pause; nothing is dropped. Edits
// refused for good (the draft was finalised or deleted) are reported and
// dropped.
//
// Flush waits until what was queued is durable; Close flushes and stops.
// Finalise, Delete, Replace and the others flush open autosavers of their
// draft first, so edits typed before them are never lost.
type Autosaver struct {
	db     *DB
	id     string
	onSave func(SaveEvent)

	mu        sync.Mutex
	changed   *sync.Cond // after every commit attempt, and on exit
	tpl       *model.Template
	blocked   error // why new edits are refused (finalised, deleted), if they are
	queue     []Edit
	queued    uint64 // edits accepted
	settled   uint64 // edits committed or refused for good
	committed uint64 // edits committed
	attempts  uint64 // commit attempts finished
	failing   bool   // the latest attempt failed and will be retried
	refusedAt uint64 // settled after the latest refused batch
	refused   error
	saved     time.Time // the latest durable commit
	last      SaveEvent
	closing   bool
	exited    bool
	closeErr  error

	wake   chan struct{} // edits queued
	urgent chan struct{} // Flush or Close waiting: skip the retry pause

	// The draft as this autosaver last committed it, used only by its
	// goroutine. Decoding the stored report costs more than the rest of a
	// commit together, so it is skipped while the stored bytes (sealed)
	// are still these (nobody else wrote the draft since).
	cache     *model.Report
	cacheJSON []byte
}

// A SaveEvent reports one commit attempt of an autosaver. It is delivered
// on the autosaver's goroutine: a GUI must hand it to its own thread
// (fyne.Do) before touching widgets.
type SaveEvent struct {
	Draft     string
	At        time.Time // when this commit became durable; zero if it failed
	Saved     time.Time // the latest durable commit so far, for "已保存 15:04:05"
	Rev       uint64    // the draft's latest revision after the commit
	Edits     int       // edits in this attempt
	Committed uint64    // edits committed by this autosaver since it started
	Pending   int       // edits still queued
	Err       error     // nil, or why the attempt failed (an *model.Failure)
}

// Status is the line for the status bar.
func (e SaveEvent) Status() string {
	switch {
	case e.Err != nil:
		return "保存失败：" + model.ErrorMessage(e.Err)
	case e.Pending > 0:
		return "正在保存…"
	case !e.Saved.IsZero():
		return "已保存 " + e.Saved.Format("15:04:05")
	}
	return ""
}

// Autosave starts saving edits to a live draft. onSave, if not nil, is
// called after every commit attempt, on the autosaver's goroutine; it must
// not call the store's draft operations (Finalise, Delete…), which wait
// for that goroutine. Open an autosaver for a finalised draft too: its
// edits are refused until Unlock.
func (db *DB) Autosave(id string, onSave func(SaveEvent)) (*Autosaver, error) {
	var (
		t   *model.Template
		rec infoRecord
	)
	err := db.view("autosave "+id, func(tx *bbolt.Tx) error {
		b, r, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		rec = r
		var ok bool
		if t, ok = model.LookupTemplate(rec.Template); !ok {
			return db.damaged(b, id, &rec, fmt.Errorf("unknown template %q", rec.Template))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a := &Autosaver{
		db: db, id: id, onSave: onSave, tpl: t,
		wake: make(chan struct{}, 1), urgent: make(chan struct{}, 1),
	}
	a.changed = sync.NewCond(&a.mu)
	switch {
	case db.readOnly:
		a.blocked = errReadOnly(db.path)
	case rec.Status == StatusFinal:
		a.blocked = errFinal(id)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil, errClosed()
	}
	db.savers[a] = struct{}{}
	go a.run()
	return a, nil
}

// Draft is the ID of the draft being saved.
func (a *Autosaver) Draft() string { return a.id }

// Set queues what the clerk typed into a cell.
func (a *Autosaver) Set(cell, text string) error {
	return a.Apply(Edit{Kind: KindCell, Key: cell, Text: text})
}

// SetStated queues a total put back as an imported file stated it (the
// undo of 采用计算值); blank text goes through Set.
func (a *Autosaver) SetStated(cell, text string) error {
	return a.Apply(Edit{Kind: KindStated, Key: cell, Text: text})
}

// SetNarrative queues the text of a narrative section.
func (a *Autosaver) SetNarrative(key, text string) error {
	return a.Apply(Edit{Kind: KindNarrative, Key: key, Text: text})
}

// SetNote queues a 说明 on a finding (by its key, e.g. "T3-R1.natural").
func (a *Autosaver) SetNote(key, text string) error {
	return a.Apply(Edit{Kind: KindNote, Key: key, Text: text})
}

// SetMeta queues a 基本信息 field (model.MetaUnit, model.MetaYear…).
func (a *Autosaver) SetMeta(field, text string) error {
	return a.Apply(Edit{Kind: KindMeta, Key: field, Text: text})
}

// Apply queues edits, all or none. It fails at once, with a message for
// the clerk, if the autosaver is closed, the draft is finalised or
// deleted, or an edit can never apply (unknown cell, derived total, bad
// year). A number that does not parse is not an error here: it is kept.
func (a *Autosaver) Apply(edits ...Edit) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closing {
		return errClosed()
	}
	if a.blocked != nil {
		return a.blocked
	}
	for _, e := range edits {
		if err := e.check(a.tpl); err != nil {
			return err
		}
	}
	a.queue = append(a.queue, edits...)
	a.queued += uint64(len(edits))
	kick(a.wake)
	return nil
}

// Flush waits until every edit queued before the call is committed, and
// returns the error if it could not be (the edits stay queued when the
// failure may pass). It may return before onSave has been called for the
// last commit.
func (a *Autosaver) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	target, attempts, settled := a.queued, a.attempts, a.settled
	kick(a.urgent)
	for a.settled < target {
		if a.exited {
			return a.closeErr
		}
		if a.attempts > attempts && a.failing {
			return a.last.Err
		}
		a.changed.Wait()
	}
	if a.refusedAt > settled {
		return a.refused
	}
	return nil
}

// Last is the latest commit attempt's report.
func (a *Autosaver) Last() SaveEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// Pending is the number of edits queued and not yet committed.
func (a *Autosaver) Pending() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return int(a.queued - a.settled)
}

// Close commits what is queued and stops the autosaver. If that commit
// fails, the error says how many edits were not saved; the GUI should say
// so before the window goes away.
func (a *Autosaver) Close() error {
	a.mu.Lock()
	a.closing = true
	kick(a.urgent)
	for !a.exited {
		a.changed.Wait()
	}
	err := a.closeErr
	a.mu.Unlock()
	a.db.mu.Lock()
	delete(a.db.savers, a)
	a.db.mu.Unlock()
	return err
}

func kick(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

func (a *Autosaver) run() {
	var pause time.Duration // before retrying a failed commit
	for {
		if pause > 0 {
			t := time.NewTimer(pause)
			select {
			case <-t.C:
			case <-a.urgent:
			}
			t.Stop()
		} else {
			select {
			case <-a.wake:
			case <-a.urgent:
			}
		}
		a.mu.Lock()
		batch, closing := a.queue, a.closing
		a.queue = nil
		a.mu.Unlock()

		ok := true
		if len(batch) > 0 {
			ok = a.commit(batch)
		}
		if ok {
			pause = 0
		} else {
			pause = min(max(2*pause, time.Second), 30*time.Second)
		}
		if closing {
			a.mu.Lock()
			if len(a.queue) == 0 || !ok {
				a.exit()
				a.mu.Unlock()
				return
			}
			a.mu.Unlock()
			kick(a.urgent)
		}
	}
}

// exit ends the goroutine; a.mu is held.
func (a *Autosaver) exit() {
	if n := a.queued - a.settled; n > 0 {
		a.closeErr = &model.Failure{Code: model.CodeIO, Path: a.db.path,
			Msg: fmt.Sprintf("有 %d 处修改未能保存：%s", n, model.ErrorMessage(a.last.Err)),
			Err: fmt.Errorf("close autosaver of %s: %d edits unsaved: %w", a.id, n, a.last.Err)}
	}
	a.exited = true
	a.changed.Broadcast()
}

// commit makes one attempt at a batch and reports it. It returns false if
// the batch failed and was put back.
func (a *Autosaver) commit(batch []Edit) bool {
	var (
		rev  uint64
		r    *model.Report
		data []byte
	)
	err := a.db.update("autosave "+a.id, func(tx *bbolt.Tx) error {
		b, rec, err := a.db.draft(tx, bucketDrafts, a.id)
		if err != nil {
			return err
		}
		if rec.Status == StatusFinal {
			return errFinal(a.id)
		}
		// stored is sealed; equal to what this autosaver last wrote, it is
		// intact and needs neither its checksum nor decoding.
		stored := b.Get(keyReport)
		if a.cache != nil && bytes.Equal(stored, a.cacheJSON) {
			r = a.cache.Clone() // the cache stays intact if this commit fails
		} else if r, err = a.db.readReport(b); err != nil {
			return a.db.damaged(b, a.id, &rec, err)
		}
		if data, err = a.db.applyEdits(b, &rec, r, batch); data == nil && err == nil {
			data = bytes.Clone(stored) // nothing changed, nothing written: still valid
		}
		rev = rec.Rev
		return err
	})
	if err == nil {
		a.cache, a.cacheJSON = r, data
	}
	now := time.Now()

	a.mu.Lock()
	n := uint64(len(batch))
	a.attempts++
	ev := SaveEvent{Draft: a.id, Edits: len(batch), Err: err}
	retry := false
	switch code := model.ErrorCodeOf(err); {
	case err == nil:
		a.settled += n
		a.committed += n
		a.failing = false
		a.saved = now
		ev.At = now
	case code == model.CodeFinal || code == model.CodeNotFound || code == model.CodeClosed || code == model.CodeInvalid ||
		code == model.CodeReadOnly || code == model.CodeDamaged:
		// Retrying cannot help: report and drop.
		a.settled += n
		a.failing = false
		a.refusedAt, a.refused = a.settled, err
	default:
		a.queue = append(batch, a.queue...)
		a.failing = true
		retry = true
	}
	ev.Saved, ev.Rev, ev.Committed, ev.Pending = a.saved, rev, a.committed, int(a.queued-a.settled)
	if err != nil {
		ev.Rev = a.last.Rev
	}
	a.last = ev
	a.changed.Broadcast()
	a.mu.Unlock()

	if err == nil {
		a.db.backupLater()
	} else {
		a.db.opts.Log.Warn("autosave failed", "draft", a.id, "edits", len(batch), "err", err)
	}
	if a.onSave != nil {
		a.onSave(ev)
	}
	return !retry
}

// saversOf lists the open autosavers of a draft.
func (db *DB) saversOf(id string) []*Autosaver {
	db.mu.Lock()
	defer db.mu.Unlock()
	var out []*Autosaver
	for a := range db.savers {
		if a.id == id {
			out = append(out, a)
		}
	}
	return out
}

// flushSavers flushes the open autosavers of a draft.
func (db *DB) flushSavers(id string) error {
	for _, a := range db.saversOf(id) {
		if err := a.Flush(); err != nil && model.ErrorCodeOf(err) != model.CodeClosed {
			return err
		}
	}
	return nil
}

// blockSavers makes the draft's autosavers refuse new edits with why.
func (db *DB) blockSavers(id string, why error) {
	for _, a := range db.saversOf(id) {
		a.mu.Lock()
		a.blocked = why
		a.mu.Unlock()
	}
}

// refreshSavers brings the draft's autosavers in line with the stored
// draft after a change of status, place or format: they refuse edits to a
// finalised or deleted draft and check edits against its format.
func (db *DB) refreshSavers(id string) {
	savers := db.saversOf(id)
	if len(savers) == 0 {
		return
	}
	var (
		why error
		t   *model.Template
	)
	err := db.view("refresh autosavers of "+id, func(tx *bbolt.Tx) error {
		_, rec, err := db.draft(tx, bucketDrafts, id)
		switch {
		case model.ErrorCodeOf(err) == model.CodeNotFound:
			why = err
			return nil
		case err != nil:
			return err
		case db.readOnly:
			why = errReadOnly(db.path)
		case rec.Status == StatusFinal:
			why = errFinal(id)
		}
		t, _ = model.LookupTemplate(rec.Template)
		return nil
	})
	if err != nil {
		// Leave them as they are; a commit checks the draft again anyway.
		db.opts.Log.Warn("refresh autosavers", "draft", id, "err", err)
		return
	}
	for _, a := range savers {
		a.mu.Lock()
		a.blocked = why
		if t != nil {
			a.tpl = t
		}
		a.mu.Unlock()
	}
}
