package model

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"
)

// The official formats are data: one JSON file each. A new format year is a
// new file here (and its golden tests), not new code.
//
//go:embed templates/*.json
var templateFS embed.FS

var (
	// registry holds the formats, newest first; replaced whole (never
	// changed in place) by RegisterTemplate, so readers need no lock.
	registry = func() *atomic.Pointer[[]*Template] {
		ts := mustLoadTemplates()
		p := &atomic.Pointer[[]*Template]{}
		p.Store(&ts)
		return p
	}()
	registerMu sync.Mutex // serializes RegisterTemplate
)

func mustLoadTemplates() []*Template {
	ts, err := loadTemplates(templateFS)
	if err != nil {
		// The files are compiled into the binary; a bad one is a programming
		// error caught by the tests, never user data.
		panic(err)
	}
	return ts
}

func loadTemplates(fsys fs.FS) ([]*Template, error) {
	names, err := fs.Glob(fsys, "templates/*.json")
	if err != nil {
		return nil, err
	}
	var ts []*Template
	seen := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(data)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("template %s: id %q twice", name, t.ID)
		}
		seen[t.ID] = true
		ts = append(ts, t)
	}
	sortTemplates(ts)
	return ts, nil
}

// sortTemplates puts the formats newest first: the order offered to the
// clerk.
func sortTemplates(ts []*Template) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].FirstYear != ts[j].FirstYear {
			return ts[i].FirstYear > ts[j].FirstYear
		}
		return ts[i].Default && !ts[j].Default
	})
}

// RegisterTemplate adds a format compiled by ParseTemplate beside the
// built-in ones (a format year not yet built in; a test's copy of one),
// and returns the function that takes it away again. A template whose ID
// is already known is refused.
func RegisterTemplate(t *Template) (unregister func(), err error) {
	registerMu.Lock()
	defer registerMu.Unlock()
	old := *registry.Load()
	for _, o := range old {
		if o.ID == t.ID {
			return nil, fmt.Errorf("template id %q twice", t.ID)
		}
	}
	ts := append(append(make([]*Template, 0, len(old)+1), old...), t)
	sortTemplates(ts)
	registry.Store(&ts)
	return func() {
		registerMu.Lock()
		defer registerMu.Unlock()
		var kept []*Template
		for _, o := range *registry.Load() {
			if o != t {
				kept = append(kept, o)
			}
		}
		registry.Store(&kept)
	}, nil
}

// ParseTemplate reads and compiles one template's JSON.
func ParseTemplate(data []byte) (*Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	t := &Template{}
	if err := dec.Decode(t); err != nil {
		return nil, err
	}
	if t.ID == "" {
		return nil, fmt.Errorf("no id")
	}
	if err := t.compile(); err != nil {
		return nil, err
	}
	return t, nil
}

// Templates lists the known formats, newest first.
func Templates() []*Template { return *registry.Load() }

// LookupTemplate finds a template by ID.
func LookupTemplate(id string) (*Template, bool) {
	for _, t := range Templates() {
		if t.ID == id {
			return t, true
		}
	}
	return nil, false
}

// TemplateForYear is the default format for a report year: 2019 试行 for
// 2019–2020, 2021 from 2021 on. Nil for years before any format.
func TemplateForYear(year int) *Template {
	for _, t := range Templates() {
		if t.Default && year >= t.FirstYear && (t.LastYear == 0 || year <= t.LastYear) {
			return t
		}
	}
	return nil
}
