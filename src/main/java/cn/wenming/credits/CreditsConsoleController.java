package cn.wenming.credits;

import cn.wenming.core.Spreadsheets;
import cn.wenming.report.GridMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff's 文明积分 page (ORGANIZER or ADMIN): the 积分超市's items, and totals by community with their export. */
@Controller
class CreditsConsoleController {

    private static final String HOME = "/console/credits";

    private final CreditShop shop;
    private final CreditLedger ledger;
    private final GridMap grid;

    CreditsConsoleController(CreditShop shop, CreditLedger ledger, GridMap grid) {
        this.shop = shop;
        this.ledger = ledger;
        this.grid = grid;
    }

    /** A community's totals with its name. */
    record TotalRow(String community, long residents, long earned, long spent) {
    }

    @GetMapping(HOME)
    String home(Model model) {
        model.addAttribute("items", shop.items(false));
        model.addAttribute("totals", totals());
        return "credits/console";
    }

    @PostMapping(HOME + "/items")
    String save(@RequestParam(required = false) Long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String description, @RequestParam int price, @RequestParam int stock,
            @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        try {
            shop.saveItem(id, clip(name, 60), description.isBlank() ? null : clip(description, 300), price, stock, active);
            redirect.addFlashAttribute("notice", "已保存：" + name.strip());
        } catch (CreditsRefused refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:" + HOME;
    }

    @GetMapping(HOME + "/totals.xlsx")
    ResponseEntity<byte[]> export() {
        List<List<String>> rows = totals().stream().map(t -> List.of(t.community(), String.valueOf(t.residents()),
                String.valueOf(t.earned()), String.valueOf(t.spent()), String.valueOf(t.earned() - t.spent()))).toList();
        return Spreadsheets.download(Spreadsheets.table("积分按社区", List.of("社区", "居民数", "获得积分", "已兑换积分",
                "结余"), rows, List.<String[]>of(new String[] {"社区", "居民注册志愿者时填写的社区；未注册志愿者的居民计入“未填社区”。"})),
                Spreadsheets.XLSX, "credits-by-community.xlsx");
    }

    private List<TotalRow> totals() {
        Map<String, String> names = grid.areas().stream().filter(a -> a.level().equals("community"))
                .collect(Collectors.toMap(GridMap.AreaUnits::code, GridMap.AreaUnits::name, (a, b) -> a));
        return ledger.totalsByCommunity().stream().map(t -> new TotalRow(t.communityCode().isEmpty() ? "未填社区"
                : names.getOrDefault(t.communityCode(), t.communityCode()), t.residents(), t.earned(), t.spent()))
                .toList();
    }

    private static String clip(String text, int max) {
        String clean = text.strip();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
