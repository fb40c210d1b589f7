package xlsx

import (
	"strconv"
	"strings"
	"time"

	"nianbao/model"
)

// The marker sheet is a very hidden sheet (not listed by Excel's 取消隐藏)
// that says a workbook was written by this program. It carries only what
// the visible sheets cannot show: which template, and which totals were
// stated by an imported file rather than computed. Everything a clerk can
// edit — values, 基本信息, narrative, 说明 — is read from the visible sheets,
// so edits made in Excel come back. A roll-up (model.Report.Rollup) adds a
// row "rollup" with the number of units and a row "rollup.unit" per unit
// (name, year): readers of version 1 that predate them ignore them.
const (
	markerFormat  = "nianbao-xlsx"
	markerVersion = 1
)

type marker struct {
	version  int
	template string
	app      string
	exported string
	stated   map[model.CellID]bool
	rollup   *model.Rollup // nil: not a roll-up
}

func (x *exporter) markerSheet() *sheetOut {
	s := newSheet(sheetMarker)
	s.veryHidden = true
	s.fitHeight = 0
	rows := [][2]string{
		{"format", markerFormat},
		{"version", strconv.Itoa(markerVersion)},
		{"template", x.r.Template().ID},
		{"app", x.opts.AppVersion},
		{"exported", x.opts.ExportedAt.Format(time.RFC3339)},
		{"stated", strings.Join(x.stated, ",")},
	}
	for y, kv := range rows {
		s.put(y, 0, kv[0], 0)
		s.put(y, 1, nilIfEmpty(kv[1]), 0)
	}
	if ru := x.r.Rollup; ru != nil {
		y := len(rows)
		s.put(y, 0, "rollup", 0)
		s.put(y, 1, int64(len(ru.Units)), 0)
		for i, u := range ru.Units {
			s.put(y+1+i, 0, "rollup.unit", 0)
			s.put(y+1+i, 1, u.Unit, 0) // a string even if empty or numeric
			s.put(y+1+i, 2, int64(u.Year), 0)
		}
	}
	return s
}

// parseMarker reads the marker sheet's rows; nil if it is not ours or is
// from a newer version.
func parseMarker(rows [][]string) *marker {
	kv := map[string]string{}
	var units []model.RollupUnit
	for _, r := range rows {
		if len(r) > 0 && r[0] == "rollup.unit" {
			var u model.RollupUnit
			if len(r) > 1 {
				u.Unit = r[1]
			}
			if len(r) > 2 {
				u.Year, _ = strconv.Atoi(r[2])
			}
			units = append(units, u)
			continue
		}
		if len(r) >= 2 {
			kv[r[0]] = r[1]
		} else if len(r) == 1 {
			kv[r[0]] = ""
		}
	}
	if kv["format"] != markerFormat {
		return nil
	}
	v, err := strconv.Atoi(kv["version"])
	if err != nil || v < 1 || v > markerVersion {
		return nil
	}
	m := &marker{version: v, template: kv["template"], app: kv["app"], exported: kv["exported"],
		stated: map[model.CellID]bool{}}
	for _, id := range strings.Split(kv["stated"], ",") {
		if id != "" {
			m.stated[id] = true
		}
	}
	if _, ok := kv["rollup"]; ok || len(units) > 0 {
		m.rollup = &model.Rollup{Units: units}
		if units == nil {
			m.rollup.Units = []model.RollupUnit{}
		}
	}
	return m
}
