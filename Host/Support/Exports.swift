@_exported import SwitchboardCommon
