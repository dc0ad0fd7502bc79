; LocalityDesk installer for Windows (NSIS 3, Unicode), in Cymraeg and English.
;
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=dist\LocalityDesk /DICON=build\icons\localitydesk.ico ^
;            /DOUTFILE=dist\LocalityDesk-0.1.0-installer.exe installer\windows\localitydesk.nsi
;
; Installs for the current user (no administrator needed, into
; %LOCALAPPDATA%\Programs\LocalityDesk) or, run by an administrator, for every
; user of the machine (into Program Files). Silent installs for rolling out:
;   LocalityDesk-0.1.0-installer.exe /S /AllUsers      or   /S /CurrentUser
; and uninstalls: uninstall.exe /S /AllUsers. The user's database, backups and
; settings live in %LOCALAPPDATA%\LocalityDesk and are never touched by an
; install, an upgrade or an uninstall unless "My data" is ticked when uninstalling.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user ; raised by MultiUser.nsh when an administrator runs it

!ifndef VERSION
  !error "Pass the version: /DVERSION=x.y.z"
!endif
!ifndef BUNDLE_DIR
  !error "Pass the PyInstaller bundle folder: /DBUNDLE_DIR=dist\LocalityDesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "LocalityDesk-${VERSION}-installer.exe"
!endif

!define APP_NAME "LocalityDesk"
!define PUBLISHER "LocalityDesk"
; The upgrade identity. Never change it: Windows, Intune and SCCM know the
; installed app by this key, so every later version upgrades the installed one
; in place instead of appearing beside it.
!define APP_GUID "{6F1C2B7E-3A5D-4E8B-9C41-0D2F7A6B5E93}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_GUID}"
!define APP_KEY "Software\LocalityDesk\LocalityDesk"
!define GUI_EXE "localitydesk.exe"
!define CLI_EXE "localitydesk-cli.exe"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "LocalityDesk"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"

!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
; Remember the language chosen, so the uninstaller and the next upgrade speak it.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

; -- pages ----------------------------------------------------------------------
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; NSIS's Welsh has no words for the "install for whom" page; these take the
; place of the English fallback (the language file only fills what is undefined).
!define MULTIUSER_TEXT_INSTALLMODE_TITLE "Dewis defnyddwyr"
!define MULTIUSER_TEXT_INSTALLMODE_SUBTITLE "Dewiswch ar gyfer pa ddefnyddwyr i osod $(^NameDA)."
!define MULTIUSER_INNERTEXT_INSTALLMODE_TOP "Dewiswch a ydych am osod $(^NameDA) i chi'ch hun yn unig neu i bawb sy'n defnyddio'r cyfrifiadur hwn. $(^ClickNext)"
!define MULTIUSER_INNERTEXT_INSTALLMODE_ALLUSERS "Gosod i bawb sy'n defnyddio'r cyfrifiadur hwn"
!define MULTIUSER_INNERTEXT_INSTALLMODE_CURRENTUSER "Gosod i mi yn unig"

; Cymraeg first: it heads the language list and is the default where Windows
; itself is not set to English.
!insertmacro MUI_LANGUAGE "Welsh"
!insertmacro MUI_LANGUAGE "English"

; -- our own words ------------------------------------------------------------------
LangString SEC_PROGRAM ${LANG_WELSH} "LocalityDesk"
LangString SEC_PROGRAM ${LANG_ENGLISH} "LocalityDesk"
LangString UNSEC_PROGRAM ${LANG_WELSH} "Rhaglen LocalityDesk"
LangString UNSEC_PROGRAM ${LANG_ENGLISH} "LocalityDesk program"
LangString UNSEC_PROGRAM_DESC ${LANG_WELSH} "Tynnu'r rhaglen, ei llwybrau byr a'i chofnod yn y Panel Rheoli."
LangString UNSEC_PROGRAM_DESC ${LANG_ENGLISH} "Remove the program, its shortcuts and its entry in Settings > Apps."
LangString UNSEC_DATA ${LANG_WELSH} "Fy nata"
LangString UNSEC_DATA ${LANG_ENGLISH} "My data"
LangString UNSEC_DATA_DESC ${LANG_WELSH} "Dileu hefyd gronfa ddata LocalityDesk, ei chopïau wrth gefn a'r gosodiadau ar gyfer y defnyddiwr hwn. Gadewch heb dic i'w cadw ar gyfer gosod eto."
LangString UNSEC_DATA_DESC ${LANG_ENGLISH} "Also delete this user's LocalityDesk database, its backups and settings. Leave unticked to keep them for a later installation."
LangString CONFIRM_DATA ${LANG_WELSH} "Bydd hyn yn dileu eich cronfa ddata LocalityDesk a phob copi wrth gefn yn $LOCALAPPDATA\LocalityDesk. Does dim modd eu cael yn ôl. Ydych chi am eu dileu?"
LangString CONFIRM_DATA ${LANG_ENGLISH} "This deletes your LocalityDesk database and every backup in $LOCALAPPDATA\LocalityDesk. They cannot be recovered. Delete them?"
LangString SHORTCUT_DEMO ${LANG_WELSH} "LocalityDesk - data enghreifftiol"
LangString SHORTCUT_DEMO ${LANG_ENGLISH} "LocalityDesk - demonstration data"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "GPL-3.0-or-later"

; -- installing ------------------------------------------------------------------------
Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's own files whole, so nothing of an older
  ; version lingers; the user's data is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortCut "$SMPROGRAMS\$(SHORTCUT_DEMO).lnk" "$INSTDIR\${GUI_EXE}" "--demo" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${APP_KEY}" "Version" "${VERSION}"

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; -- uninstalling -------------------------------------------------------------------------
Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "un.$(UNSEC_PROGRAM)" UnSecProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\$(SHORTCUT_DEMO).lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only if empty: files someone put there are left
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
SectionEnd

; Unticked unless the user asks: the database is the locality's working record.
Section /o "un.$(UNSEC_DATA)" UnSecData
  SetShellVarContext current
  ${IfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(CONFIRM_DATA)" IDYES remove_data
    Goto data_done
  ${EndIf}
  remove_data:
  ; platformdirs' user-data folder: %LOCALAPPDATA%\<author>\<app>. A backup
  ; folder the user chose elsewhere is theirs, and is not touched.
  RMDir /r "$LOCALAPPDATA\LocalityDesk"
  data_done:
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecProgram} "$(UNSEC_PROGRAM_DESC)"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "$(UNSEC_DATA_DESC)"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
