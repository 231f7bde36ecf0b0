"""The Simulate menu of a window on simulated devices (testers): insert a fixture card, remove it,
play a camera scenario or a citizen's photo, choose the fingerprint scenario, unplug a device. Kept
out of the main window, which only coordinates the enrollment."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from workstation.core.simulation import SimulationControls
from workstation.devices.base import DeviceKind
from workstation.errors import WorkstationError

# camera scenes a tester can play from the citizen photo (the impostor scene needs a second person)
CITIZEN_SCENES = ("genuine_turn", "genuine_blink", "photo_attack", "eyes_closed", "two_faces", "no_face", "dark_room")


class SimulateMenu(QObject):
    def __init__(self, window: QMainWindow, simulation: SimulationControls) -> None:
        super().__init__(window)
        self.window = window
        self.simulation = simulation
        self.citizen_photo: Path | None = None   # a photograph made into each inserted card's chip photo
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("simulate-menu")
        self.insert_menu = self.menu.addMenu("")
        self.insert_actions: dict[str, QAction] = {}
        self.fixture_cards = {card.name: card for card in simulation.fixture_cards()}
        for card in self.fixture_cards.values():
            action = QAction(window)
            action.setObjectName(f"insert-{card.name}")
            action.triggered.connect(lambda _checked=False, c=card: self.insert(c.name, c.qr))
            self.insert_menu.addAction(action)
            self.insert_actions[card.name] = action
        self.remove_card_action = QAction(window, shortcut=QKeySequence("Ctrl+R"))
        self.remove_card_action.triggered.connect(lambda: simulation.remove_card())
        self.menu.addAction(self.remove_card_action)
        self.scenario_action = QAction(window)
        self.scenario_action.triggered.connect(self.choose_camera_scenario)
        self.menu.addAction(self.scenario_action)
        self.citizen_photo_action = QAction(window)
        self.citizen_photo_action.triggered.connect(self.choose_citizen_photo)
        self.menu.addAction(self.citizen_photo_action)
        self.scene_menu = self.menu.addMenu("")
        self.scene_actions: dict[str, QAction] = {}
        for scene in CITIZEN_SCENES:
            action = QAction(window)
            action.setObjectName(f"scene-{scene}")
            action.triggered.connect(lambda _checked=False, s=scene: self.play_citizen_scene(s))
            self.scene_menu.addAction(action)
            self.scene_actions[scene] = action
        self.finger_menu = self.menu.addMenu("")
        from workstation.devices.fingerprint.simulated import SCENARIOS as FINGER_SCENARIOS

        self.finger_actions: dict[str, QAction] = {}
        for scenario in FINGER_SCENARIOS.values():
            action = QAction(window)
            self.finger_actions[scenario.name] = action
            action.triggered.connect(lambda _checked=False, n=scenario.name: simulation.set_finger_scenario(n))
            self.finger_menu.addAction(action)
        self.menu.addSeparator()
        self.unplug_actions: dict[DeviceKind, QAction] = {}
        for kind in (DeviceKind.CARD_READER, DeviceKind.CAMERA, DeviceKind.FINGERPRINT):
            action = QAction(window, checkable=True)
            action.toggled.connect(lambda unplugged, k=kind: simulation.set_plugged(k, not unplugged))
            self.menu.addAction(action)
            self.unplug_actions[kind] = action

    def language(self) -> str:
        return self.window.translations.language  # type: ignore[attr-defined]

    # -- what the actions do ----------------------------------------------------------------------
    def insert(self, name: str, qr: str, portrait: bytes | None = None) -> None:
        """A tester's insertion: the card goes on the simulated reader and its QR is 'scanned'.
        `portrait` (or the citizen photo chosen in the menu) becomes the chip's photo."""
        if portrait is None and self.citizen_photo is not None:
            from workstation.core.enrollment.simulated_run import chip_portrait_for

            portrait = chip_portrait_for(name, self.citizen_photo)
        self.simulation.insert_card(name, portrait)
        field = self.window.qr_field  # type: ignore[attr-defined]
        field.edit.setText(qr)
        field.edit.returnPressed.emit()

    def choose_camera_scenario(self) -> None:
        """A folder of frames made by `workstation sim face-scenes` (genuine, photo attack, ...)."""
        from workstation.ui.file_dialogs import choose_folder

        folder = choose_folder(self.window, self.tr("Camera scenario: a folder of frames"))
        if folder:
            self.simulation.play_camera_scenario(Path(folder))

    def choose_citizen_photo(self) -> None:
        """A photograph of one person: the next inserted card carries it, the camera shows them."""
        from workstation.ui.file_dialogs import open_file

        path = open_file(self.window, self.tr("Citizen photo"), "", self.tr("Images (*.jpg *.jpeg *.png)"))
        if path:
            self.use_citizen_photo(Path(path))

    def play_citizen_scene(self, scene: str) -> None:
        """Simulate ▸ The citizen in front of the camera: the chosen citizen photo acts `scene`."""
        if self.citizen_photo is None:
            self.choose_citizen_photo()
            if self.citizen_photo is None:
                return
        self.use_citizen_photo(self.citizen_photo, scene)

    def use_citizen_photo(self, path: Path, camera: str = "genuine_turn") -> None:
        """The chip photo is made when a card is inserted, in that card's format."""
        from workstation.core.enrollment.simulated_run import citizen_camera_frames

        try:
            frames = citizen_camera_frames(camera, path)
        except WorkstationError as exc:
            QMessageBox.warning(self.window, self.tr("Citizen photo"), exc.officer_text(self.language()))
            return
        self.citizen_photo = path
        self.simulation.play_camera_frames(frames)

    # -- words ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Simulate"))
        self.insert_menu.setTitle(self.tr("&Insert card"))
        self.remove_card_action.setText(self.tr("&Remove card"))
        self.scenario_action.setText(self.tr("Camera &scenario…"))
        self.citizen_photo_action.setText(self.tr("Citizen &photo (chip photo and camera)…"))
        self.finger_menu.setTitle(self.tr("&Fingerprint scenario"))
        self.scene_menu.setTitle(self.tr("The citizen in front of the camera"))
        scenes = {"genuine_turn": self.tr("turns the head"), "genuine_blink": self.tr("closes and opens the eyes"),
                  "photo_attack": self.tr("a printed photo held up"), "eyes_closed": self.tr("eyes shut"),
                  "two_faces": self.tr("two people"), "no_face": self.tr("nobody"),
                  "dark_room": self.tr("a dark room")}
        for scene, action in self.scene_actions.items():
            action.setText(f"{scene} — {scenes[scene]}")
        kinds = {"genuine": self.tr("genuine"), "fault": self.tr("fault"), "attack": self.tr("attack")}
        english = self.language() == "en"
        for name, action in self.insert_actions.items():
            card = self.fixture_cards[name]
            # the card's technical description is written once, in English: shown whole in the
            # English window, as the tooltip in the Vietnamese one
            action.setText(f"{name}  ({kinds.get(card.kind, card.kind)})" + (f" — {card.description}" if english else ""))
            action.setToolTip(card.description)
            action.setStatusTip(card.description)
        fingers = {"good": self.tr("every finger gives a good print at the first touch"),
                   "poor_first_touch": self.tr("each finger's first touch is smudged; the retry is good"),
                   "poor_right_index": self.tr("the right index never gives a usable print: the sequence falls "
                                               "back to the right thumb"),
                   "same_finger_twice": self.tr("asked for the left index, the citizen puts the right index "
                                                "down again once"),
                   "no_finger": self.tr("nobody touches the glass: the capture times out"),
                   "unplugged": self.tr("the scanner's cable comes out at the first capture"),
                   "latent": self.tr("every finger is a real latent print, too poor to enrol")}
        for name, action in self.finger_actions.items():
            action.setText(f"{name} — {fingers.get(name, name)}")
        names = {DeviceKind.CARD_READER: self.tr("Unplug the card reader"),
                 DeviceKind.CAMERA: self.tr("Unplug the camera"),
                 DeviceKind.FINGERPRINT: self.tr("Unplug the fingerprint scanner")}
        for kind, action in self.unplug_actions.items():
            action.setText(names[kind])
