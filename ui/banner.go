package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// banner is a strip above the main window's content for conditions that
// last the whole session: a data file that can only be read, a daily
// backup that failed. Hidden while it has nothing to say.
type banner struct {
	ReadOnly *widget.Label
	Backup   *widget.Label
	Final    *widget.Label // the open report is 定稿
	box      *fyne.Container
}

func newBanner() *banner {
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		l.Hide()
		return l
	}
	b := &banner{ReadOnly: label(), Backup: label(), Final: label()}
	b.box = container.NewVBox(b.ReadOnly, b.Backup, b.Final)
	return b
}

// showFinal says, while a 定稿 report is open, that it is read-only and
// how to change it; nil (or a draft) hides it.
func (b *banner) showFinal(d *DraftInfo) {
	if d == nil || !d.Final {
		b.Final.Hide()
		return
	}
	b.Final.SetText("已定稿（只读）：" + d.Title() + "。如需修改，请在“报告”菜单中选“解锁…”并填写原因。")
	b.Final.Show()
}

// readOnlyDrafts is what a Drafts whose file may be read-only has; the
// store's adapter does.
type readOnlyDrafts interface{ ReadOnly() bool }

// dataReadOnly reports whether the data file can only be read: then the
// editor never lets the clerk type, and the banner says why.
func dataReadOnly(d Drafts) bool {
	ro, ok := d.(readOnlyDrafts)
	return ok && ro.ReadOnly()
}

// showReadOnly puts the read-only notice in the banner.
func (b *banner) showReadOnly(path string) {
	b.ReadOnly.SetText("只读：数据文件 " + path + " 不能写入，只能查看、检查、导出和发布。" +
		"如需修改，请把它复制到电脑上可以写入的文件夹，再用“nianbao --db 复制的文件”打开。")
	b.ReadOnly.Show()
}

// ShowBackupFailure tells the clerk that a daily backup failed (msg is the
// store's Chinese message), in the banner, for the rest of the session.
func (a *App) ShowBackupFailure(msg string) {
	a.banner.Backup.SetText("备份失败：" + msg)
	a.banner.Backup.Show()
}

// Banner is the banner's text as shown, for tests.
func (a *App) Banner() string {
	var s string
	for _, l := range []*widget.Label{a.banner.ReadOnly, a.banner.Backup, a.banner.Final} {
		if l.Visible() {
			s += l.Text + "\n"
		}
	}
	return s
}
