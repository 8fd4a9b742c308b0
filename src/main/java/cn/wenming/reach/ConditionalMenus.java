package cn.wenming.reach;

import java.util.List;

/**
 * The menus particular groups of residents see (WeChat conditional menus, one per street or community
 * tag), from {@code wenming.reach.menus-file}; the WeChat gateway publishes them after the default menu.
 */
@org.springframework.modulith.NamedInterface("wechat")
public interface ConditionalMenus {

    /**
     * @param menus   each menu's JSON with its {@code matchrule} (the area's tag) for menu/addconditional
     * @param skipped areas whose tag WeChat does not have yet (tags not synced), left out this time
     */
    record Publication(List<String> menus, List<String> skipped) {
    }

    Publication conditionalMenus(String appId);
}
