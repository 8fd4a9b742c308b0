package cn.wenming.reach;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Menus by tag: {@code config/menus-by-tag.json} lists, per street or community code, the whole menu its
 * residents see instead of the default one. Read when published or shown, so an edit needs no restart.
 */
@Component
class TagMenus implements ConditionalMenus {

    /** What one group sees, for the console: its name, whether its tag exists, its buttons. */
    record GroupMenu(String areaCode, String groupName, boolean tagged, List<Button> buttons) {
    }

    /** A menu button as the console shows it: its name, what it does, and its sub-buttons. */
    record Button(String name, String action, List<Button> subButtons) {
    }

    private final Path file;
    private final Path defaultFile;
    private final ResidentTags tags;
    private final Communities communities;

    TagMenus(@Value("${wenming.reach.menus-file:config/menus-by-tag.json}") Path file,
            @Value("${wechat.menu-file:config/menu.json}") Path defaultFile, ResidentTags tags,
            Communities communities) {
        this.file = file;
        this.defaultFile = defaultFile;
        this.tags = tags;
        this.communities = communities;
    }

    @Override
    public Publication conditionalMenus(String appId) {
        List<String> menus = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonElement entry : entries()) {
            JsonObject menu = entry.getAsJsonObject().deepCopy();
            String area = menu.remove("area").getAsString();
            Optional<Long> tagId = tags.tagId(appId, area);
            if (tagId.isEmpty()) {
                skipped.add(area);
                continue;
            }
            JsonObject rule = new JsonObject();
            rule.addProperty("tag_id", String.valueOf(tagId.get()));
            menu.add("matchrule", rule);
            menus.add(menu.toString());
        }
        return new Publication(menus, skipped);
    }

    /** The default menu, then each group's, for the console. */
    List<GroupMenu> groups(String appId) {
        List<GroupMenu> out = new ArrayList<>();
        out.add(new GroupMenu(null, "其他居民（默认菜单）", true, buttons(read(defaultFile).getAsJsonArray("button"))));
        for (JsonElement entry : entries()) {
            JsonObject menu = entry.getAsJsonObject();
            String area = menu.get("area").getAsString();
            String name = communities.streets().containsKey(area) ? communities.groupName("street", area)
                    : communities.groupName("community", area);
            out.add(new GroupMenu(area, name, tags.tagId(appId, area).isPresent(), buttons(menu.getAsJsonArray("button"))));
        }
        return out;
    }

    private JsonArray entries() {
        JsonArray menus = read(file).getAsJsonArray("menus");
        for (JsonElement entry : menus) {
            JsonElement area = entry.getAsJsonObject().get("area");
            if (area == null || (communities.community(area.getAsString()).isEmpty()
                    && !communities.streets().containsKey(area.getAsString()))) {
                throw new IllegalStateException(file + ": every menu needs an \"area\" that is a street or community "
                        + "code of the grid, not " + area);
            }
        }
        return menus;
    }

    private static List<Button> buttons(JsonArray array) {
        List<Button> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (JsonElement element : array) {
            JsonObject button = element.getAsJsonObject();
            String action = button.has("url") ? "打开 " + button.get("url").getAsString()
                    : button.has("key") ? "点击 " + button.get("key").getAsString() : "";
            out.add(new Button(button.get("name").getAsString(), action, buttons(button.getAsJsonArray("sub_button"))));
        }
        return out;
    }

    private static JsonObject read(Path path) {
        try {
            return JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the menu file " + path.toAbsolutePath(), e);
        }
    }
}
