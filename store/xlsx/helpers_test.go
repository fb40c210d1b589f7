package xlsx

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// exportedAt fixes the export time so golden files are reproducible.
var exportedAt = time.Date(2023, 3, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

var testOpts = ExportOptions{AppVersion: "年报 test", ExportedAt: exportedAt}

// seed is the published Quzhou 2022 report, the main fixture.
func seed(t testing.TB) *model.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seed-quzhou-2022.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exportBytes(t testing.TB, r *model.Report, opts ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff)", path)
	}
}

// filled makes a report of template id with every typed cell filled by a
// deterministic pattern (so columns and rows differ), and the given year.
func filled(t testing.TB, id string, year int) *model.Report {
	t.Helper()
	tpl, ok := model.LookupTemplate(id)
	if !ok {
		t.Fatalf("no template %s", id)
	}
	r := model.NewReport(tpl)
	r.Meta = model.Meta{Unit: "测试县人民政府办公室", Year: year, Scope: model.ScopeGovernment,
		Date: "2021-01-20", Contact: "张三", Phone: "0570-1234567"}
	for i, c := range tpl.Cells() {
		if c.Derived {
			continue
		}
		text := strconv.Itoa((i*7 + 3) % 23)
		switch c.Kind.Type {
		case model.Signed:
			text = "-" + text
		case model.Amount:
			text += ".25"
		}
		if err := r.Set(c.ID, text); err != nil {
			t.Fatalf("%s = %q: %v", c.ID, text, err)
		}
	}
	r.Narrative["overview"] = "本年度，本机关认真贯彻《条例》。\n（一）主动公开\n全年主动公开信息1234条。"
	r.Narrative["problems"] = "一是公开意识有待加强。二是平台建设需进一步完善。"
	r.Narrative["other"] = "无。"
	return r
}

func sample2019(t testing.TB) *model.Report {
	r := filled(t, "2019", 2020)
	if err := r.Set("t2.license.change", "-18"); err != nil {
		t.Fatal(err)
	}
	if err := r.Set("t2.procurement.amount", "75394432.52"); err != nil {
		t.Fatal(err)
	}
	return r
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func excelizeOptionsPassword(p string) excelize.Options { return excelize.Options{Password: p} }
