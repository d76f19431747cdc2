import { defineMessages } from "../define";

// Owned by the import area (app/domain/import): every message the import shows.
export const importMessages = defineMessages({
  en: {
    "import.title": "Import org units and staff",
  },
  "zh-CN": {
    "import.title": "导入组织单元与员工",
  },
});
