package cn.wenming.survey;

import cn.wenming.console.AuditLog;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Editors change a survey's definition in the console: the text is validated like the files and saved
 * as a new version; the version residents already answered stays as it was.
 */
@Controller
class SurveyDefinitionController {

    private final SurveyCatalog catalog;
    private final AuditLog audit;

    SurveyDefinitionController(SurveyCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    @GetMapping("/console/knowledge/surveys")
    String list(Model model) {
        model.addAttribute("surveys", catalog.all());
        return "survey/console-definitions";
    }

    @GetMapping("/console/knowledge/surveys/{id}")
    String edit(@PathVariable String id, Model model) {
        SurveyDefinition survey = catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("survey", survey);
        if (!model.containsAttribute("text")) {
            model.addAttribute("text", catalog.text(id).orElse(""));
        }
        return "survey/console-definition";
    }

    @PostMapping("/console/knowledge/surveys/{id}")
    String save(@PathVariable String id, @RequestParam String text, RedirectAttributes redirect) {
        SurveyDefinition before = catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<String> problems = catalog.saveEdit(id, text);
        if (!problems.isEmpty()) {
            redirect.addFlashAttribute("problems", problems);
            redirect.addFlashAttribute("text", text);
            return "redirect:/console/knowledge/surveys/" + id;
        }
        int version = catalog.find(id).orElseThrow().version();
        audit.record("修改问卷", "survey", id, "第" + before.version() + "版", "第" + version + "版");
        redirect.addFlashAttribute("notice", "已保存为第" + version + "版；已作答的问卷仍按原版本统计。");
        return "redirect:/console/knowledge/surveys/" + id;
    }
}
