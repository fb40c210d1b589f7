package drafts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// Kind is what an edit or a history entry changes.
type Kind string

const (
	// Content edits: replayed to rebuild earlier states.
	KindCell      Kind = "cell"      // a typed cell; Key is the cell ID
	KindNarrative Kind = "narrative" // a narrative section; Key is its key
	KindNote      Kind = "note"      // a 说明; Key is the finding key
	KindMeta      Kind = "meta"      // a 基本信息 field; Key is a model.Meta* name
	// KindStated puts back a total as an imported file stated it (undoing
	// 采用计算值, or an edit of a part that dropped it); Key is the cell ID.
	// A total is never typed: the editor sends this only for a text it
	// had from the file.
	KindStated Kind = "stated"

	// History only.
	KindReplace Kind = "replace" // the whole content replaced (import)
	KindRestore Kind = "restore" // an earlier revision restored; New is its number
	KindFinal   Kind = "final"   // 定稿
	KindUnlock  Kind = "unlock"  // 解除定稿; Reason says why
)

// Label is the kind in Chinese, for the history view.
func (k Kind) Label() string {
	switch k {
	case KindCell, KindStated:
		return "表格"
	case KindNarrative:
		return "文字"
	case KindNote:
		return "说明"
	case KindMeta:
		return "基本信息"
	case KindReplace:
		return "导入"
	case KindRestore:
		return "恢复"
	case KindFinal:
		return "定稿"
	case KindUnlock:
		return "解除定稿"
	}
	return string(k)
}

func (k Kind) content() bool {
	return k == KindCell || k == KindStated || k == KindNarrative || k == KindNote || k == KindMeta
}

// An Edit is one change the clerk made: the new text of one field. Text is
// kept as typed; a number that does not parse is kept too (the model
// reports it), so nothing typed is lost.
type Edit struct {
	Kind Kind
	Key  string
	Text string
}

// check tells the caller at once about an edit that can never apply, so
// that it is refused when typed rather than dropped in the background.
func (e Edit) check(t *model.Template) error {
	switch e.Kind {
	case KindCell:
		c, ok := t.Cell(e.Key)
		if !ok {
			return invalid(fmt.Sprintf("报告格式“%s”中没有单元格 %s。", t.Name, e.Key))
		}
		// A total is never typed; blank text drops a total that an
		// imported file stated, so the computed sum stands (采用计算值).
		if c.Derived && strings.TrimSpace(e.Text) != "" {
			return invalid(c.Name() + " 是自动计算的合计，不能填写。")
		}
	case KindStated:
		c, ok := t.Cell(e.Key)
		if !ok {
			return invalid(fmt.Sprintf("报告格式“%s”中没有单元格 %s。", t.Name, e.Key))
		}
		if !c.Derived {
			return invalid(c.Name() + " 不是合计格。")
		}
		if strings.TrimSpace(e.Text) == "" {
			return invalid(c.Name() + "：文件所载的合计不能为空。")
		}
	case KindNarrative:
		if !slices.Contains(t.NarrativeKeys(), e.Key) {
			return invalid(fmt.Sprintf("报告格式“%s”中没有文字部分 %s。", t.Name, e.Key))
		}
	case KindNote:
		if e.Key == "" {
			return invalid("说明缺少所针对的问题。")
		}
	case KindMeta:
		var m model.Meta
		return setMeta(&m, e.Key, e.Text)
	default:
		return invalid(fmt.Sprintf("无法保存这类修改（%q）。", e.Kind))
	}
	return nil
}

// apply makes the edit in r and returns the field's text before and after,
// as the history records them: the "after" text set again reproduces the
// state.
func (e Edit) apply(r *model.Report) (before, after string, err error) {
	if err := e.check(r.Template()); err != nil {
		return "", "", err
	}
	switch e.Kind {
	case KindCell:
		before = r.Text(e.Key)
		if err := r.Set(e.Key, e.Text); err != nil {
			// Text that is not a number is kept as typed; only an
			// unknown or derived cell is an error (check caught those).
			var ie *model.InputError
			if !errors.As(err, &ie) {
				return "", "", err
			}
		}
		return before, r.Text(e.Key), nil
	case KindStated:
		before = r.Text(e.Key)
		if err := r.SetStated(e.Key, e.Text); err != nil {
			var ie *model.InputError
			if !errors.As(err, &ie) {
				return "", "", err
			}
		}
		return before, r.Text(e.Key), nil
	case KindNarrative:
		before = r.Narrative[e.Key]
		setText(r.Narrative, e.Key, e.Text)
		return before, e.Text, nil
	case KindNote:
		before = r.Notes[e.Key]
		setText(r.Notes, e.Key, e.Text)
		return before, e.Text, nil
	}
	before = metaText(r.Meta, e.Key)
	_ = setMeta(&r.Meta, e.Key, e.Text) // checked above
	return before, metaText(r.Meta, e.Key), nil
}

// setText sets m[key], deleting it for blank text: the model treats a
// missing key as blank, and the file stays small.
func setText(m map[string]string, key, text string) {
	if text == "" {
		delete(m, key)
	} else {
		m[key] = text
	}
}

func metaText(m model.Meta, field string) string { return m.Field(field) }

// setMeta sets a 基本信息 field as model.Meta.SetField does; an error says
// which field.
func setMeta(m *model.Meta, field, text string) error {
	if err := m.SetField(field, text); err != nil {
		if l := model.MetaLabel(field); l != "" {
			return invalid(l + "：" + err.Error())
		}
		return invalid(err.Error())
	}
	return nil
}

// applyEdits applies edits to r, the draft's current content (nil: read
// it), and records those that changed something, in the caller's
// transaction. It returns the content as stored (sealed), nil if nothing
// changed.
// An edit that no longer applies (the format changed under an open
// editor) is dropped and logged.
func (db *DB) applyEdits(b *bbolt.Bucket, rec *infoRecord, r *model.Report, edits []Edit) ([]byte, error) {
	if r == nil {
		var err error
		if r, err = db.readReport(b); err != nil {
			return nil, db.damaged(b, rec.ID, rec, err)
		}
	}
	now := db.now()
	revs := make([]Revision, 0, len(edits))
	for _, e := range edits {
		var stated map[string]string
		if e.Kind == KindCell {
			stated = statedTotals(r)
		}
		before, after, err := e.apply(r)
		if err != nil {
			db.opts.Log.Warn("edit dropped", "draft", rec.ID, "kind", e.Kind, "key", e.Key, "err", err)
			continue
		}
		if before != after {
			revs = append(revs, Revision{Time: now, Author: db.opts.Author, Kind: e.Kind, Key: e.Key, Old: before, New: after})
		}
		// Setting a part drops the totals a file stated over it. Each is
		// an entry of its own, so the history says so and replays it even
		// when the part's entry is merged away (typed, and typed back).
		for _, c := range r.Template().Cells() {
			if old, ok := stated[c.ID]; ok && !r.Stated(c.ID) {
				revs = append(revs, Revision{Time: now, Author: db.opts.Author, Kind: KindCell, Key: c.ID, Old: old, New: ""})
			}
		}
	}
	if len(revs) == 0 {
		return nil, nil
	}
	return db.record(b, rec, r, revs, false)
}

// statedTotals is the text of each total r holds as a file stated it.
func statedTotals(r *model.Report) map[string]string {
	var out map[string]string
	for _, c := range r.Template().Cells() {
		if c.Derived && r.Stated(c.ID) {
			if out == nil {
				out = map[string]string{}
			}
			out[c.ID] = r.Text(c.ID)
		}
	}
	return out
}

// record stores r as the draft's content, appends revs to its history and
// updates its info, in the caller's transaction. It returns r as stored
// (sealed).
func (db *DB) record(b *bbolt.Bucket, rec *infoRecord, r *model.Report, revs []Revision, snapshot bool) ([]byte, error) {
	stored, err := putJSON(b, keyReport, r)
	if err != nil {
		return nil, fmt.Errorf("store draft %s: %w", rec.ID, err)
	}
	rec.syncKey(r)
	rec.Updated = db.now()
	if err := db.appendHistory(b, rec, stored[sealHeader:], revs, snapshot); err != nil {
		return nil, err
	}
	return stored, writeInfo(b, rec)
}
