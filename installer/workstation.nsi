; Windows installer for the workstation bundle (NSIS 3, Unicode).
;
; The bundle is the one-folder PyInstaller build of installer/workstation.spec, made on Windows
; (docs/install.md, "Windows"). Compile:
;   makensis /DVERSION=0.2.0 /DBUNDLE=dist\workstation /DOUTFILE=dist\workstation-0.2.0-setup.exe installer\workstation.nsi
; CI compiles this script against the Linux bundle folder with Debian's makensis (-DSMOKE: no
; compression; the shortcuts name workstation.exe only at install time): that checks the script,
; not a Windows program.
Unicode true
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !define VERSION "0.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\dist\workstation"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\workstation-${VERSION}-setup.exe"
!endif
!ifdef SMOKE
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!define PRODUCT "Workstation"
!define PRODUCT_VI "Thu nhận định danh điện tử mức 2"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Workstation"

!include "MUI2.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "LogicLib.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Workstation"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT_VI}"

!define MUI_ICON "workstation.ico"
!define MUI_UNICON "workstation.ico"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_LICENSE "..\LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsWin10 ${LANG_VIETNAMESE} "Chương trình cần Windows 10 phiên bản 1809 (bản dựng 17763) 64-bit trở lên."
LangString NeedsWin10 ${LANG_ENGLISH} "The program needs 64-bit Windows 10 version 1809 (build 17763) or newer."

Function .onInit
  ; Qt 6.8 (PySide6 6.8.3, the Windows pin in constraints.txt) supports Windows 10 1809 and newer
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIf} ${AtMostBuild} 17762
    MessageBox MB_ICONSTOP "$(NeedsWin10)"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "Workstation" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  File "workstation.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; one shortcut for all users, Vietnamese name (the window starts in the language of its settings)
  SetShellVarContext all
  CreateShortcut "$SMPROGRAMS\${PRODUCT_VI}.lnk" "$INSTDIR\workstation.exe" "" "$INSTDIR\workstation.ico"
  CreateShortcut "$DESKTOP\${PRODUCT_VI}.lnk" "$INSTDIR\workstation.exe" "" "$INSTDIR\workstation.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_VI} (${PRODUCT})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\workstation.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT_VI}.lnk"
  Delete "$DESKTOP\${PRODUCT_VI}.lnk"
  ; the program folder only: officers' data, keys and settings live in their profile and stay
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
