package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// metaForm edits the report's 基本信息.
type metaForm struct {
	ed                                                   *Editor
	Unit, Year, Date, IndexNo, Publisher, Contact, Phone *widget.Entry
	Scope                                                *widget.Select
	YearError                                            *widget.Label
	Template                                             *widget.Label
	box                                                  *fyne.Container
	content                                              fyne.CanvasObject
}

func newMetaForm(ed *Editor) *metaForm {
	m := &metaForm{ed: ed}
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { m.changed() }
		return e
	}
	m.Unit = entry("如：××市人民政府办公室")
	m.Year = entry("如：2025")
	m.Date = entry("如：2026-01-20")
	m.IndexNo = entry("可不填")
	m.Publisher = entry("可不填")
	m.Contact = entry("可不填")
	m.Phone = entry("可不填")
	var labels []string
	for _, s := range model.Scopes {
		labels = append(labels, s.Label())
	}
	m.Scope = widget.NewSelect(labels, func(string) { m.changed() })
	m.YearError = widget.NewLabel("")
	m.YearError.Importance = widget.DangerImportance
	t := ed.report.Template()
	m.Template = widget.NewLabel(t.Name + "（" + t.Basis + "）")
	m.Template.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(model.MetaLabel(model.MetaUnit), m.Unit),
		widget.NewFormItem(model.MetaLabel(model.MetaYear), container.NewBorder(nil, nil, nil, m.YearError, m.Year)),
		widget.NewFormItem("报告格式", m.Template),
		widget.NewFormItem(model.MetaLabel(model.MetaScope), m.Scope),
		widget.NewFormItem(model.MetaLabel(model.MetaDate), m.Date),
		widget.NewFormItem(model.MetaLabel(model.MetaIndexNo), m.IndexNo),
		widget.NewFormItem(model.MetaLabel(model.MetaPublisher), m.Publisher),
		widget.NewFormItem(model.MetaLabel(model.MetaContact), m.Contact),
		widget.NewFormItem(model.MetaLabel(model.MetaPhone), m.Phone),
	)
	m.box = container.NewVBox(widget.NewLabelWithStyle("基本信息", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), form)
	m.content = m.box
	return m
}

func (m *metaForm) addPreface(o fyne.CanvasObject) { m.box.Add(o) }

func (m *metaForm) load() {
	r := m.ed.report.Meta
	m.Unit.SetText(r.Unit)
	m.Year.SetText("")
	if r.Year != 0 {
		m.Year.SetText(itoa(r.Year))
	}
	m.Scope.SetSelected(r.Scope.Label())
	m.Date.SetText(r.Date)
	m.IndexNo.SetText(r.IndexNo)
	m.Publisher.SetText(r.Publisher)
	m.Contact.SetText(r.Contact)
	m.Phone.SetText(r.Phone)
}

func (m *metaForm) changed() {
	if m.ed.loading {
		return
	}
	meta := m.ed.report.Meta
	meta.Unit = m.Unit.Text
	meta.Date = m.Date.Text
	meta.IndexNo = m.IndexNo.Text
	meta.Publisher = m.Publisher.Text
	meta.Contact = m.Contact.Text
	meta.Phone = m.Phone.Text
	if sc, err := model.ParseScope(m.Scope.Selected); err == nil {
		meta.Scope = sc
	}
	m.YearError.SetText("")
	if strings.TrimSpace(m.Year.Text) == "" {
		meta.Year = 0
	} else if y, err := model.ParseYear(m.Year.Text); err != nil {
		m.YearError.SetText(err.Error())
	} else {
		meta.Year = y
	}
	m.ed.metaChanged(meta)
}

func (m *metaForm) setReadOnly(ro bool) {
	for _, e := range []*widget.Entry{m.Unit, m.Year, m.Date, m.IndexNo, m.Publisher, m.Contact, m.Phone} {
		setDisabled(e, ro)
	}
	if ro {
		m.Scope.Disable()
	} else {
		m.Scope.Enable()
	}
}

func (m *metaForm) focusFirstMissing() {
	target := m.Unit
	if m.Unit.Text != "" {
		target = m.Year
	}
	if cv := m.ed.canvas(target); cv != nil {
		cv.Focus(target)
	}
}

func itoa(n int) string { return model.Kind{Type: model.Signed}.FormatUnits(int64(n)) }
