package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// FormatName and FormatVersion identify the JSON interchange format of a
// report (documented in README.md). Readers accept every version up to
// FormatVersion.
const (
	FormatName    = "nianbao-report"
	FormatVersion = 1
)

// reportJSON is the interchange form. Numbers are written as JSON numbers in
// the cell's own unit (amounts exact, e.g. 24252.311082); a reader also
// accepts strings, read with the same parser as typed input.
type reportJSON struct {
	Format    string            `json:"format"`
	Version   int               `json:"version"`
	Template  string            `json:"template"`
	Meta      Meta              `json:"meta"`
	Cells     map[CellID]any    `json:"cells"`
	Stated    map[CellID]any    `json:"stated,omitempty"`
	Invalid   map[CellID]string `json:"invalid,omitempty"`
	Narrative map[string]string `json:"narrative,omitempty"`
	Notes     map[string]string `json:"notes,omitempty"`
	// Rollup marks a roll-up this program wrote (see Rollup).
	Rollup *Rollup `json:"rollup,omitempty"`
}

// MarshalJSON writes the report in the interchange format. Blank cells are
// left out; text that did not parse is kept under "invalid".
func (r *Report) MarshalJSON() ([]byte, error) {
	out := reportJSON{
		Format: FormatName, Version: FormatVersion, Template: r.tpl.ID, Meta: r.Meta,
		Cells: map[CellID]any{}, Narrative: nonEmpty(r.Narrative), Notes: nonEmpty(r.Notes),
		Rollup: r.Rollup,
	}
	for _, c := range r.tpl.cells {
		if raw, bad := r.raw[c.Index]; bad {
			if out.Invalid == nil {
				out.Invalid = map[CellID]string{}
			}
			out.Invalid[c.ID] = raw
			continue
		}
		v := r.vals[c.Index]
		if v.IsBlank() {
			continue
		}
		num := json.RawMessage(c.Kind.Format(v))
		if c.Derived {
			if out.Stated == nil {
				out.Stated = map[CellID]any{}
			}
			out.Stated[c.ID] = num
		} else {
			out.Cells[c.ID] = num
		}
	}
	return json.Marshal(out)
}

func nonEmpty(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// DecodeError is a file that is not a readable report. Msg is Chinese.
type DecodeError struct{ Msg string }

func (e *DecodeError) Error() string { return e.Msg }

// UnmarshalReport reads a report in the interchange format. Cells whose
// values do not parse are kept as invalid input (reported by Evaluate), not
// rejected; an unknown template, cell ID or format is a *DecodeError.
func UnmarshalReport(data []byte) (*Report, error) {
	var in reportJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return nil, &DecodeError{Msg: "不是有效的JSON报告文件：" + jsonErrorText(err)}
	}
	if in.Format != FormatName {
		return nil, &DecodeError{Msg: fmt.Sprintf("不是年报数据文件（format 应为 %q）", FormatName)}
	}
	if in.Version < 1 || in.Version > FormatVersion {
		return nil, &DecodeError{Msg: fmt.Sprintf("文件格式版本 %d 太新，本程序只能读取版本 %d 及以前的文件，请升级程序", in.Version, FormatVersion)}
	}
	t, ok := LookupTemplate(in.Template)
	if !ok {
		return nil, &DecodeError{Msg: fmt.Sprintf("未知的报告模板“%s”", in.Template)}
	}
	r := NewReport(t)
	r.Meta = in.Meta
	r.Rollup = in.Rollup
	if r.Meta.Scope == "" {
		r.Meta.Scope = ScopeAgency
	} else if sc, err := ParseScope(string(r.Meta.Scope)); err != nil {
		return nil, &DecodeError{Msg: err.Error()}
	} else {
		r.Meta.Scope = sc
	}
	for k, v := range in.Narrative {
		if !t.narrKeys[k] {
			return nil, &DecodeError{Msg: fmt.Sprintf("未知的文字部分“%s”", k)}
		}
		r.Narrative[k] = v
	}
	for k, v := range in.Notes {
		r.Notes[k] = v
	}
	// Typed cells first, stated totals after: setting a part drops the
	// statements of the totals it feeds.
	for _, derived := range []bool{false, true} {
		m := in.Cells
		if derived {
			m = in.Stated
		}
		for _, id := range sortedKeys(m) {
			c, ok := t.byID[id]
			if !ok {
				return nil, &DecodeError{Msg: fmt.Sprintf("模板“%s”中没有单元格 %s", t.Name, id)}
			}
			if c.Derived != derived {
				where := "cells"
				if c.Derived {
					where = "stated"
				}
				return nil, &DecodeError{Msg: fmt.Sprintf("单元格 %s 应写在“%s”中", id, where)}
			}
			text, err := rawText(m[id])
			if err != nil {
				return nil, &DecodeError{Msg: fmt.Sprintf("单元格 %s 的值应为数字或文字", id)}
			}
			_ = r.setText(c, text) // a bad value is kept as invalid input
		}
		for _, id := range sortedKeys(in.Invalid) {
			c, ok := t.byID[id]
			if !ok {
				return nil, &DecodeError{Msg: fmt.Sprintf("模板“%s”中没有单元格 %s", t.Name, id)}
			}
			if c.Derived == derived {
				_ = r.setText(c, in.Invalid[id])
			}
		}
	}
	return r, nil
}

// rawText is a cell value as decoded (with UseNumber): a number keeps its
// exact text.
func rawText(v any) (string, error) {
	switch x := v.(type) {
	case json.Number:
		return x.String(), nil
	case string:
		return x, nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("not a number")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func jsonErrorText(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("第 %d 个字节处语法错误", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("字段 %s 的类型不对", e.Field)
	}
	return "文件内容不完整或已损坏"
}
