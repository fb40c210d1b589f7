//go:build !windows

package ui

import "fyne.io/fyne/v2"

// Elsewhere than on Windows the program's own chooser is used: Linux
// desktops (统信 UOS, 麒麟) differ in what dialog, if any, they offer.

func nativeOpen(fyne.Window, string, []string, string, func(string)) bool         { return false }
func nativeSave(fyne.Window, string, string, []string, string, func(string)) bool { return false }
func nativeFolder(fyne.Window, string, func(string)) bool                         { return false }
