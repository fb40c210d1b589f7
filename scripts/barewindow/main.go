// Command barewindow is the yardstick of scripts/bench-window: a bare Fyne
// window of the app's size, with the app's bundled font, and nothing else.
// The app with one report open is compared with it for memory and time to
// the window (issue 13: at most 1.1× and 1.2×).
package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nianbao/assets"
)

type fontTheme struct{}

var (
	regular = fyne.NewStaticResource("NotoSansSC-Regular.otf", assets.FontRegular)
	bold    = fyne.NewStaticResource("NotoSansSC-Bold.otf", assets.FontBold)
)

func (fontTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}
func (fontTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold {
		return bold
	}
	return regular
}
func (fontTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (fontTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

func main() {
	a := app.NewWithID("cn.nianbao.barewindow")
	a.Settings().SetTheme(fontTheme{})
	w := a.NewWindow("barewindow 政务公开")
	w.SetContent(widget.NewLabel("政务公开年报填报"))
	w.Resize(fyne.NewSize(1366, 740))
	w.ShowAndRun()
}
