package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"nianbao/model"
	"nianbao/store/drafts"
	"nianbao/ui"
)

// drafts adapts the store to what the GUI needs (ui.Drafts). It only
// translates types; the rules live in store and model.
type draftStore struct{ db *drafts.DB }

func info(d drafts.DraftInfo) ui.DraftInfo {
	out := ui.DraftInfo{ID: d.ID, Unit: d.Unit, Year: d.Year, Template: d.Template,
		Final: d.Status == drafts.StatusFinal, Damaged: d.Damaged != nil, Updated: d.Updated}
	if out.Damaged && out.Unit == "" {
		out.Unit = "（无法识别的报告，编号 " + d.ID + "）"
	}
	return out
}

func infos(ds []drafts.DraftInfo, err error) ([]ui.DraftInfo, error) {
	out := make([]ui.DraftInfo, len(ds))
	for i, d := range ds {
		out[i] = info(d)
	}
	return out, err
}

func one(d drafts.DraftInfo, err error) (ui.DraftInfo, error) { return info(d), err }

func (s draftStore) Path() string                                 { return s.db.Path() }
func (s draftStore) ReadOnly() bool                               { return s.db.ReadOnly() }
func (s draftStore) List() ([]ui.DraftInfo, error)                { return infos(s.db.List()) }
func (s draftStore) Trash() ([]ui.DraftInfo, error)               { return infos(s.db.Trash()) }
func (s draftStore) Delete(id string) error                       { return s.db.Delete(id) }
func (s draftStore) Backup(path string) error                     { return s.db.BackupTo(path) }
func (s draftStore) FromLastYear(id string) (ui.DraftInfo, error) { return one(s.db.RollForward(id)) }
func (s draftStore) Load(id string) (*model.Report, error) {
	r, _, err := s.db.Load(id)
	return r, err
}

func (s draftStore) CreateFrom(r *model.Report) (ui.DraftInfo, error) {
	return one(s.db.CreateFrom(r))
}

func (s draftStore) Create(unit string, year int, tpl string) (ui.DraftInfo, error) {
	return one(s.db.Create(drafts.DraftKey{Unit: unit, Year: year, Template: tpl}))
}

func (s draftStore) History(id string) ([]ui.Revision, error) {
	info, err := s.db.Info(id)
	if err != nil {
		return nil, err
	}
	t, _ := model.LookupTemplate(info.Template)
	revs, err := s.db.History(id)
	out := make([]ui.Revision, len(revs))
	for i, r := range revs {
		out[i] = ui.Revision{Seq: r.Seq, Time: r.Time, Author: r.Author, What: r.Describe(t)}
	}
	return out, err
}

func (s draftStore) RestoreRevision(id string, seq uint64) error {
	_, err := s.db.RestoreRevision(id, seq)
	return err
}

// Rescue writes r as interchange JSON beside the database:
// drafts-rescue-20260125-150405.json.
func (s draftStore) Rescue(r *model.Report) (string, error) {
	data, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(s.db.Path()), filepath.Ext(s.db.Path()))
	path := filepath.Join(filepath.Dir(s.db.Path()), base+"-rescue-"+time.Now().Format("20060102-150405")+".json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("write rescue file %s: %w", path, err)
	}
	return path, nil
}

func (s draftStore) Restore(id string) error {
	_, err := s.db.Restore(id)
	return err
}

// Duplicate copies a draft under the same unit with "（副本）" added, since
// two live drafts may not share unit, year and format.
func (s draftStore) Duplicate(id string) (ui.DraftInfo, error) {
	src, err := s.db.Info(id)
	if err != nil {
		return ui.DraftInfo{}, err
	}
	key := src.DraftKey
	for i := 1; ; i++ {
		key.Unit = src.Unit + "（副本）"
		if i > 1 {
			key.Unit = src.Unit + "（副本" + strconv.Itoa(i) + "）"
		}
		d, err := s.db.Duplicate(id, key)
		if model.ErrorCodeOf(err) != model.CodeExists || i > 50 {
			return info(d), err
		}
	}
}

func (s draftStore) Open(id string) (ui.Draft, error) {
	r, di, err := s.db.Load(id)
	if err != nil {
		return nil, err
	}
	d := &draft{db: s.db, r: r, info: di, prev: s.lastYear(di), meta: r.Meta}
	d.saver, err = s.db.Autosave(id, d.saved)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// lastYear finds the same unit's report for the year before, if any, for
// the cross-year checks.
func (s draftStore) lastYear(d drafts.DraftInfo) *model.Report {
	list, err := s.db.List()
	if err != nil {
		return nil
	}
	for _, p := range list {
		if p.Unit == d.Unit && p.Year == d.Year-1 {
			if r, _, err := s.db.Load(p.ID); err == nil {
				return r
			}
		}
	}
	return nil
}

// draft is one open draft: the report, its autosaver and its status.
type draft struct {
	db    *drafts.DB
	r     *model.Report
	prev  *model.Report
	info  drafts.DraftInfo
	saver *drafts.Autosaver

	meta model.Meta // as last sent to the saver, to send only changed fields

	mu      sync.Mutex
	onSaved func(time.Time, error)
}

func (d *draft) Report() *model.Report { return d.r }
func (d *draft) Prev() *model.Report   { return d.prev }
func (d *draft) Info() ui.DraftInfo    { return info(d.info) }

func (d *draft) OnSaved(fn func(time.Time, error)) {
	d.mu.Lock()
	d.onSaved = fn
	d.mu.Unlock()
}

func (d *draft) saved(ev drafts.SaveEvent) {
	d.mu.Lock()
	fn := d.onSaved
	d.mu.Unlock()
	// A failed commit stays queued (Pending > 0) and is retried: the clerk
	// must hear of it at once all the same.
	if fn != nil && (ev.Pending == 0 || ev.Err != nil) {
		fn(ev.Saved, ev.Err)
	}
}

// The autosaver's refusals (finalised, closed) come back through OnSaved
// so that the clerk sees them; the edit itself stays in the form.
func (d *draft) report(err error) {
	if err != nil {
		d.saved(drafts.SaveEvent{Err: err})
	}
}

// SetCell saves a cell's text as the model holds it: for a total, a
// statement of the imported file (put back by undo) or blank.
func (d *draft) SetCell(id model.CellID, text string) {
	if c, ok := d.r.Template().Cell(id); ok && c.Derived && text != "" {
		d.report(d.saver.SetStated(id, text))
		return
	}
	d.report(d.saver.Set(id, text))
}

func (d *draft) SetNarrative(key, text string) { d.report(d.saver.SetNarrative(key, text)) }
func (d *draft) SetNote(key, text string)      { d.report(d.saver.SetNote(key, text)) }

// SetMeta sends the fields that changed.
func (d *draft) SetMeta(m model.Meta) {
	old := d.meta
	year := yearText(m.Year)
	for _, f := range []struct{ key, old, new string }{
		{model.MetaUnit, old.Unit, m.Unit},
		{model.MetaYear, yearText(old.Year), year},
		{model.MetaScope, string(old.Scope), string(m.Scope)},
		{model.MetaDate, old.Date, m.Date},
		{model.MetaIndexNo, old.IndexNo, m.IndexNo},
		{model.MetaPublisher, old.Publisher, m.Publisher},
		{model.MetaContact, old.Contact, m.Contact},
		{model.MetaPhone, old.Phone, m.Phone},
	} {
		if f.old != f.new {
			d.report(d.saver.SetMeta(f.key, f.new))
		}
	}
	d.meta = m
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func (d *draft) Finalise() error {
	di, err := d.db.Finalise(d.info.ID)
	if err == nil {
		d.info = di
	}
	return err
}

func (d *draft) Unlock(reason string) error {
	di, err := d.db.Unlock(d.info.ID, reason)
	if err == nil {
		d.info = di
	}
	return err
}

func (d *draft) Close() error { return d.saver.Close() }
