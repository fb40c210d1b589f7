package main

import (
	gobuild "go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The packages' dependencies point inward, as README's layout table says:
// model imports only the standard library; ui only model and assets (and
// Fyne); each store adapter only model, its own library and the helpers
// under store/internal, none another adapter, except reportfile, which
// dispatches to the readers; only cmd
// wires ui and store together. A new import that breaks this fails here,
// before it becomes a habit.
func TestPackagesPointInward(t *testing.T) {
	root := filepath.Join("..", "..")
	allowed := map[string][]string{ // package → the nianbao packages it may import
		"model":            nil,
		"ui":               {"model", "assets"},
		"store/drafts":     {"model"},
		"store/xlsx":       {"model"},
		"store/webpage":    {"model"},
		"store/docx":       {"model"},
		"store/reportfile": {"model", "store/xlsx", "store/docx", "store/webpage"},
		"assets":           nil,
	}
	// Outside libraries each may use: the domain none, the UI only Fyne,
	// each adapter only its own.
	libs := map[string][]string{
		"model":            nil,
		"ui":               {"fyne.io/"},
		"store/drafts":     {"go.etcd.io/bbolt"},
		"store/xlsx":       {"github.com/xuri/excelize/"},
		"store/webpage":    {"golang.org/x/net/html", "golang.org/x/text/"},
		"store/docx":       nil,
		"store/reportfile": nil,
		"assets":           {"fyne.io/"},
	}
	seen := 0
	err := filepath.WalkDir(filepath.Join(root, "store"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || d.Name() == "testdata" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "store" || rel == "store/internal" {
			if pkg, err := gobuild.ImportDir(p, 0); err == nil {
				t.Errorf("store/ holds Go package %s: it is a folder of sibling adapters, none the parent of another", pkg.Name)
			}
			return nil
		}
		if strings.Contains(rel, "/internal/") || strings.HasSuffix(rel, "test") || strings.Count(rel, "/") > 1 {
			return nil // helpers inside an adapter
		}
		if _, ok := allowed[rel]; !ok {
			t.Errorf("%s: a new adapter: add it to this test and to README's layout table", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, may := range allowed {
		pkg, err := gobuild.ImportDir(filepath.Join(root, dir), 0)
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		seen++
		for _, imp := range pkg.Imports {
			switch {
			case strings.HasPrefix(imp, "nianbao/store/internal/") && strings.HasPrefix(dir, "store/"):
				// the adapters' shared helpers (safefile, xmlscan)
			case strings.HasPrefix(imp, "nianbao/"):
				if !slices.Contains(may, strings.TrimPrefix(imp, "nianbao/")) {
					t.Errorf("%s imports %s", dir, imp)
				}
			case strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
				ok := false
				for _, l := range libs[dir] {
					ok = ok || strings.HasPrefix(imp, l)
				}
				if !ok {
					t.Errorf("%s imports %s, not its own library", dir, imp)
				}
			}
		}
	}
	if seen != len(allowed) {
		t.Errorf("read %d of %d packages", seen, len(allowed))
	}
}
