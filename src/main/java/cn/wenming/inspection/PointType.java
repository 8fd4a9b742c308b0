package cn.wenming.inspection;

import java.util.List;

/** A kind of place the assessment visits (农贸市场, 背街小巷 …) and its checklist. */
public record PointType(String code, String name, List<ChecklistItem> items) {
}
