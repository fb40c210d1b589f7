// Package modeltest helps tests outside model: Renamed makes a copy of a
// format with every key renamed, so that a test can run it where the real
// format runs and require the same outcome by the renamed IDs. Nothing
// but tests imports it.
package modeltest

import (
	"encoding/json"
	"fmt"
	"strings"

	"nianbao/model"
)

// Rename is the renaming of one key: an "x" in front ("t3" → "xt3",
// "natural" → "xnatural", "T3-R1" → "xT3-R1").
func Rename(key string) string {
	if key == "" {
		return "" // 表四's one unnamed row
	}
	return "x" + key
}

// RenameDotted renames each part of a dotted ID or pattern
// ("t3.new_received.natural", "t3.*.total", "overview.requests"); a part
// that starts with "*" matches renamed keys as it is ("*_total" matches
// xreview_total).
func RenameDotted(id string) string {
	parts := strings.Split(id, ".")
	for i, p := range parts {
		if !strings.HasPrefix(p, "*") {
			parts[i] = Rename(p)
		}
	}
	return strings.Join(parts, ".")
}

// renameTerm renames a rule term, keeping its "-" and "prev:" prefixes.
func renameTerm(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	prev := strings.HasPrefix(s, "prev:")
	s = Rename(strings.TrimPrefix(s, "prev:"))
	if prev {
		s = "prev:" + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Renamed is a copy of tpl, with the ID id, in which every table, row,
// column, rule and narrative key is renamed (Rename, RenameDotted) wherever
// the template data names it; labels, titles and figure IDs (the program's
// own words for figures) are kept. The copy is compiled like any template
// (model.ParseTemplate), not registered.
//
// It renames by walking the template's schema: a field added to the schema
// that names a key, and not renamed here, leaves a name that does not
// resolve, which the template refuses at load.
func Renamed(tpl *model.Template, id string) (*model.Template, error) {
	data, err := json.Marshal(tpl)
	if err != nil {
		return nil, err
	}
	type obj = map[string]any
	var t obj
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	strs := func(v any, f func(string) string) {
		if l, ok := v.([]any); ok {
			for i, s := range l {
				l[i] = f(s.(string))
			}
		}
	}
	str := func(o obj, field string, f func(string) string) {
		if s, ok := o[field].(string); ok {
			o[field] = f(s)
		}
	}
	list := func(v any) []obj {
		var out []obj
		if l, ok := v.([]any); ok {
			for _, x := range l {
				out = append(out, x.(obj))
			}
		}
		return out
	}
	t["id"] = id
	for _, tb := range list(t["tables"]) {
		str(tb, "id", Rename)
		for _, b := range list(tb["blocks"]) {
			for _, c := range append(list(b["columns"]), list(b["rows"])...) {
				str(c, "key", Rename)
				str(c, "rule", Rename)
				strs(c["sum"], Rename)
			}
		}
	}
	var narr func([]obj)
	narr = func(ns []obj) {
		for _, n := range ns {
			str(n, "key", RenameDotted)
			narr(list(n["parts"]))
		}
	}
	narr(list(t["narrative"]))
	for _, f := range list(t["figures"]) {
		strs(f["cells"], RenameDotted)
	}
	for _, s := range list(t["sentences"]) {
		str(s, "narrative", RenameDotted)
	}
	if cf, ok := t["carry_forward"].(obj); ok {
		for _, f := range []string{"table", "from", "into"} {
			str(cf, f, Rename)
		}
	}
	for _, r := range list(t["rules"]) {
		for _, f := range []string{"id", "table", "balance"} {
			str(r, f, Rename)
		}
		strs(r["rows"], Rename)
		strs(r["columns"], Rename)
		strs(r["left"], renameTerm)
		strs(r["right"], renameTerm)
		strs(r["cells"], RenameDotted)
	}
	out, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	ren, err := model.ParseTemplate(out)
	if err != nil {
		return nil, fmt.Errorf("renamed %s: %w", tpl.ID, err)
	}
	return ren, nil
}
